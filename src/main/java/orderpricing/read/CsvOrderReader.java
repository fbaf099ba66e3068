package orderpricing.read;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import orderpricing.pricing.OrderValidator;

/**
 * Reads orders from CSV (RFC 4180 quoting, a header row naming the columns, matched by name). Positions are
 * data-record numbers: the header is not counted, and a quoted field may span lines. The raw text of each record is
 * kept as it was in the file, for rejects.
 */
public final class CsvOrderReader {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();

  private final String file;

  public CsvOrderReader(String file) {
    this.file = file;
  }

  public void read(Reader input, Consumer<RawRecord> out) throws IOException {
    records(input).drainTo(out);
  }

  /** The file's records in order, read as they are asked for. */
  public RecordIterator records(Reader input) throws IOException {
    RecordingReader in = new RecordingReader(input);
    CSVParser parser = CSVParser.builder().setReader(in).setFormat(FORMAT).get();
    Iterator<CSVRecord> records = parser.iterator();
    CSVRecord header = nextRecord(records);
    if (header == null) return new Records(in, records, null, 0, 0, null, null);
    Map<String, Integer> columns = columns(header);
    Integer idCol = columns.get("id");
    Integer totalCol = columns.get("total");
    if (idCol == null || totalCol == null) {
      throw new InputFileException(file, "CSV header has no " + (idCol == null ? "id" : "total") + " column (header: " + String.join(",", header.values()) + ")");
    }
    return new Records(in, records, header, idCol, totalCol, columns.get("discount"), columns.get("customer_id"));
  }

  private final class Records extends RecordIterator {
    private final RecordingReader in;
    private final Iterator<CSVRecord> records;
    private final int width;
    private final int idCol;
    private final int totalCol;
    private final Integer discountCol;
    private final Integer customerCol;
    private CSVRecord pending;

    Records(RecordingReader in, Iterator<CSVRecord> records, CSVRecord header, int idCol, int totalCol, Integer discountCol,
        Integer customerCol) {
      this.in = in;
      this.records = records;
      this.width = header == null ? 0 : header.size();
      this.idCol = idCol;
      this.totalCol = totalCol;
      this.discountCol = discountCol;
      this.customerCol = customerCol;
      this.pending = header == null ? null : nextRecord(records);
    }

    @Override
    protected RawRecord computeNext() {
      if (pending == null) return null;
      // The raw text of a record ends where the next one starts, so look one record ahead.
      CSVRecord following = nextRecord(records);
      String raw = in.take(pending.getCharacterPosition(), following != null ? following.getCharacterPosition() : -1);
      RawRecord r = toRecord(pending, width, idCol, totalCol, discountCol, customerCol, raw);
      pending = following;
      return r;
    }
  }

  private CSVRecord nextRecord(Iterator<CSVRecord> records) {
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException | IllegalStateException e) {
      // Broken quoting leaves no reliable record boundary after it: the file cannot be read on.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new InputFileException(file, "CSV does not parse: " + cause.getMessage());
    }
  }

  private static RawRecord toRecord(CSVRecord record, int width, int idCol, int totalCol, Integer discountCol, Integer customerCol,
      String raw) {
    long position = record.getRecordNumber() - 1; // the header is record 1
    if (record.size() != width) {
      return new RawRecord(position, null, null, null, "record has " + record.size() + " fields, the header has " + width, raw);
    }
    String id = record.get(idCol);
    String totalText = record.get(totalCol).strip();
    String discountText = discountCol == null ? "" : record.get(discountCol).strip();
    BigDecimal total = totalText.isEmpty() ? null : FieldValues.parseDecimal(totalText);
    BigDecimal discount = discountText.isEmpty() ? null : FieldValues.parseDecimal(discountText);
    String problem = OrderValidator.first(
        OrderValidator.idProblem(id),
        !totalText.isEmpty() && total == null ? "total is not a number: \"" + totalText + "\"" : null,
        OrderValidator.totalProblem(total),
        !discountText.isEmpty() && discount == null ? "discount is not a number: \"" + discountText + "\"" : null,
        OrderValidator.discountProblem(discount));
    String customer = customerCol == null ? "" : record.get(customerCol);
    if (problem == null) return new RawRecord(position, id, total, discount, null, null, customer.isBlank() ? null : customer);
    return new RawRecord(position, id.isEmpty() ? null : id, null, null, problem, raw);
  }

  private static Map<String, Integer> columns(CSVRecord header) {
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).strip();
      if (i == 0 && name.startsWith("\uFEFF")) name = name.substring(1);
      columns.putIfAbsent(name, i);
    }
    return columns;
  }

  /**
   * Keeps the characters the parser has read since the record being handled began, so a record's raw text can be cut
   * out by the character positions the parser reports. Holds at most one record plus the parser's read-ahead.
   */
  private static final class RecordingReader extends Reader {
    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    private long keptFrom;

    RecordingReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      if (n > 0) kept.append(buf, off, n);
      return n;
    }

    /** The text in [start, end), end -1 meaning all that was read, without its line break; forgets what precedes end. */
    String take(long start, long end) {
      int from = (int) (start - keptFrom);
      int to = end < 0 ? kept.length() : (int) (end - keptFrom);
      String text = kept.substring(Math.max(from, 0), to);
      kept.delete(0, to);
      keptFrom += to;
      int cut = text.length();
      while (cut > 0 && (text.charAt(cut - 1) == '\n' || text.charAt(cut - 1) == '\r')) cut--;
      return text.substring(0, cut);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
