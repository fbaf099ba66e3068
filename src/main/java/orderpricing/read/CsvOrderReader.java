package orderpricing.read;

import orderpricing.errors.InputFileException;

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
  /** The longest record, line break included, in characters: 1 MiB. */
  public static final int MAX_RECORD_CHARS = 1 << 20;

  private final String file;
  private final java.util.List<String> keep;

  public CsvOrderReader(String file) {
    this(file, java.util.List.of());
  }

  /**
   * A reader that also takes the text of the {@code keep} columns from each record; a header without one of them is
   * a file error naming the column.
   */
  public CsvOrderReader(String file, java.util.List<String> keep) {
    this.file = file;
    this.keep = java.util.List.copyOf(keep);
  }

  public void read(Reader input, Consumer<RawRecord> out) throws IOException {
    records(input).drainTo(out);
  }

  /** The file's records in order, read as they are asked for; the first record is the header. */
  public RecordIterator records(Reader input) throws IOException {
    RecordingReader in = new RecordingReader(input);
    Iterator<CSVRecord> records = parse(in);
    CSVRecord first = nextRecord(in, records, 0);
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
    RecordingReader in = new RecordingReader(input);
    CSVRecord first = nextRecord(in, parse(in), 0);
    return first == null ? null : header(first.values());
  }

  private CsvHeader header(String[] names) {
    CsvHeader header = new CsvHeader(java.util.List.of(names));
    if (header.column("id") == null || header.column("total") == null) {
      throw new InputFileException(file, "CSV header has no " + (header.column("id") == null ? "id" : "total")
          + " column (header: " + FieldValues.printable(String.join(",", names)) + ")");
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
    private final Integer customerCol;
    private final int[] keptCols;
    private CSVRecord pending;

    Records(RecordingReader in, Iterator<CSVRecord> records, CsvHeader header, long numberOffset) {
      this.in = in;
      this.records = records;
      this.header = header;
      this.numberOffset = numberOffset;
      if (header != null) requireOnce(header);
      this.idCol = header == null ? -1 : header.column("id");
      this.totalCol = header == null ? -1 : header.column("total");
      this.discountCol = header == null ? null : header.column("discount");
      this.customerCol = header == null ? null : header.column("customer_id");
      this.keptCols = header == null ? new int[0] : keptColumns(header);
      this.pending = header == null ? null : nextRecord(in, records, numberOffset == 1 ? 1 : 1 - numberOffset);
    }

    @Override
    protected RawRecord computeNext() {
      if (pending == null) return null;
      // The raw text of a record ends where the next one starts, so look one record ahead.
      long position = pending.getRecordNumber() - numberOffset;
      CSVRecord following = nextRecord(in, records, position + 1);
      String raw = in.take(pending, following, position);
      RawRecord r = Utf8Text.malformed(raw)
          ? new RawRecord(position, null, null, null, Utf8Text.PROBLEM, Utf8Text.printable(raw))
          : toRecord(pending, position, raw);
      pending = following;
      return r;
    }

    private RawRecord toRecord(CSVRecord record, long position, String raw) {
      RawRecord r = orderOf(record, position, raw);
      if (keep.isEmpty() || record.size() != header.width()) return r;
      Object[] values = new Object[keptCols.length];
      for (int i = 0; i < values.length; i++) values[i] = record.get(keptCols[i]);
      return r.withKept(values);
    }

    private RawRecord orderOf(CSVRecord record, long position, String raw) {
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
          !totalText.isEmpty() && total == null ? "total is not a number: " + FieldValues.quote(totalText) : null,
          OrderValidator.totalProblem(total),
          !discountText.isEmpty() && discount == null ? "discount is not a number: " + FieldValues.quote(discountText) : null,
          OrderValidator.discountProblem(discount));
      String customer = customerCol == null ? "" : record.get(customerCol);
      if (problem == null) return new RawRecord(position, id, total, discount, null, null, customer.isBlank() ? null : customer);
      return new RawRecord(position, id.isEmpty() ? null : id, null, null, problem, raw);
    }
  }

  /**
   * A column the job reads that the header names twice would be read from its first place only, silently: a file
   * error naming the column. A repeated column the job does not read harms nothing.
   */
  private void requireOnce(CsvHeader header) {
    java.util.List<String> read = new java.util.ArrayList<>(java.util.List.of("id", "total", "discount", "customer_id"));
    read.addAll(keep);
    for (String name : read) {
      int[] at = header.columns(name);
      if (at.length > 1) {
        throw new InputFileException(file, "CSV header names " + name + " twice (columns " + (at[0] + 1) + " and " + (at[1] + 1) + ")");
      }
    }
  }

  /** Where the kept columns are in the header; a column it does not name is a file error. */
  private int[] keptColumns(CsvHeader header) {
    int[] cols = new int[keep.size()];
    for (int i = 0; i < cols.length; i++) {
      Integer c = header.column(keep.get(i));
      if (c == null) {
        throw new InputFileException(file, "CSV header has no " + keep.get(i) + " column to keep (header: "
            + FieldValues.printable(String.join(",", header.names())) + ")");
      }
      cols[i] = c;
    }
    return cols;
  }

  /** The record at {@code position} (0 for the header), or null at the end of the file. */
  private CSVRecord nextRecord(RecordingReader in, Iterator<CSVRecord> records, long position) {
    in.startRecord();
    try {
      return records.hasNext() ? records.next() : null;
    } catch (UncheckedIOException | IllegalStateException e) {
      // Broken quoting leaves no reliable record boundary after it: the file cannot be read on.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RecordTooLong) throw tooLong(position);
      // The file's bytes failing to arrive (a truncated compressed file) is no CSV problem: the caller names it.
      if (cause instanceof IOException io && !(cause instanceof org.apache.commons.csv.CSVException)) throw new UncheckedIOException(io);
      throw new InputFileException(file, "CSV does not parse: " + cause.getMessage());
    }
  }

  private InputFileException tooLong(long position) {
    return new InputFileException(file, (position == 0 ? "CSV header" : "CSV record " + position) + " is longer than "
        + MAX_RECORD_CHARS + " characters (1 MiB): an unclosed quote?");
  }

  /**
   * Keeps the characters the parser has read since the record being handled began, so a record's raw text can be cut
   * out by the character positions the parser reports. Holds at most the record being handled and the one after it,
   * each at most {@link #MAX_RECORD_CHARS}, plus the parser's read-ahead: a quote that is never closed makes the
   * record it opens too long, not the whole rest of the file held in memory.
   */
  private final class RecordingReader extends Reader {
    private final Reader in;
    private final StringBuilder kept = new StringBuilder();
    private long keptFrom;
    /** Characters read when the parser was last asked for a record: that record starts at or before this. */
    private long recordStartBound;

    RecordingReader(Reader in) {
      this.in = in;
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      // Asking for more means the record being parsed has not ended: it is at least this long.
      if (keptFrom + kept.length() - recordStartBound > MAX_RECORD_CHARS) throw new RecordTooLong();
      int n = in.read(buf, off, len);
      if (n > 0) kept.append(buf, off, n);
      return n;
    }

    void startRecord() {
      recordStartBound = keptFrom + kept.length();
    }

    /** The raw text of the record at {@code position}, which ends where the following one (if any) starts, without its line break. */
    String take(CSVRecord record, CSVRecord following, long position) {
      long start = record.getCharacterPosition();
      long end = following != null ? following.getCharacterPosition() : keptFrom + kept.length();
      if (end - start > MAX_RECORD_CHARS) throw tooLong(position);
      if (keptFrom == 0 && start > MAX_RECORD_CHARS) throw tooLong(0); // the header, before the first record taken
      int from = (int) (start - keptFrom);
      int to = (int) (end - keptFrom);
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

  /** The record being parsed is longer than {@link #MAX_RECORD_CHARS}: raised inside the parser, reported by position. */
  private static final class RecordTooLong extends IOException {
    private static final long serialVersionUID = 1L;

    RecordTooLong() {
      super("record too long");
    }
  }
}
