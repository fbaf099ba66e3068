package orderpricing.read;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Iterator;
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

  /** The file's records in order, read as they are asked for; the first record is the header. */
  public RecordIterator records(Reader input) throws IOException {
    RecordingReader in = new RecordingReader(input);
    Iterator<CSVRecord> records = parse(in);
    CSVRecord first = nextRecord(records);
    if (first == null) return new Records(in, records, null, 0);
    return new Records(in, records, header(first.values()), 1);
  }

  /**
   * Records of a slice that starts at a record boundary after the header: the header is given, and {@code recordsBefore}
   * data records precede the slice.
   */
  public RecordIterator records(Reader input, CsvHeader header, long recordsBefore) throws IOException {
    RecordingReader in = new RecordingReader(input);
    return new Records(in, parse(in), header, -recordsBefore);
  }

  /** The header of a file: its first record, checked for the columns the job needs. */
  public CsvHeader header(Reader input) throws IOException {
    CSVRecord first = nextRecord(parse(new RecordingReader(input)));
    return first == null ? null : header(first.values());
  }

  private CsvHeader header(String[] names) {
    CsvHeader header = new CsvHeader(java.util.List.of(names));
    if (header.column("id") == null || header.column("total") == null) {
      throw new InputFileException(file, "CSV header has no " + (header.column("id") == null ? "id" : "total")
          + " column (header: " + String.join(",", names) + ")");
    }
    return header;
  }

  private static Iterator<CSVRecord> parse(Reader in) throws IOException {
    return CSVParser.builder().setReader(in).setFormat(FORMAT).get().iterator();
  }

  private final class Records extends RecordIterator {
    private final RecordingReader in;
    private final Iterator<CSVRecord> records;
    private final CsvHeader header;
    /** What to subtract from the parser's record number to get the data-record number in the file. */
    private final long numberOffset;
    private final int idCol;
    private final int totalCol;
    private final Integer discountCol;
    private CSVRecord pending;

    Records(RecordingReader in, Iterator<CSVRecord> records, CsvHeader header, long numberOffset) {
      this.in = in;
      this.records = records;
      this.header = header;
      this.numberOffset = numberOffset;
      this.idCol = header == null ? -1 : header.column("id");
      this.totalCol = header == null ? -1 : header.column("total");
      this.discountCol = header == null ? null : header.column("discount");
      this.pending = header == null ? null : nextRecord(records);
    }

    @Override
    protected RawRecord computeNext() {
      if (pending == null) return null;
      // The raw text of a record ends where the next one starts, so look one record ahead.
      CSVRecord following = nextRecord(records);
      String raw = in.take(pending.getCharacterPosition(), following != null ? following.getCharacterPosition() : -1);
      RawRecord r = toRecord(pending, pending.getRecordNumber() - numberOffset, raw);
      pending = following;
      return r;
    }

    private RawRecord toRecord(CSVRecord record, long position, String raw) {
      if (record.size() != header.width()) {
        return new RawRecord(position, null, null, null, "record has " + record.size() + " fields, the header has " + header.width(), raw);
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
      if (problem == null) return new RawRecord(position, id, total, discount, null, null);
      return new RawRecord(position, id.isEmpty() ? null : id, null, null, problem, raw);
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
