package orderpricing.spark.input;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import orderpricing.read.CsvHeader;
import orderpricing.read.CsvOrderReader;
import orderpricing.errors.InputFileException;
import orderpricing.read.Utf8Text;
import orderpricing.read.DataFormat;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The cheap first pass over big text files: one task per chunk of a file counts its line breaks (and, for CSV, its
 * quotes), so the file can be cut at line boundaries whose line and record numbers are known before any record is
 * parsed. Bytes are only scanned, never decoded or parsed. A compressed file is not counted: its bytes are not its
 * lines, and it is read as one slice.
 */
final class LineCounts {
  private LineCounts() {}

  /** A byte range of a text file to count. */
  record Chunk(InputFile file, long start, long end) implements Serializable {}

  /**
   * What a chunk holds.
   *
   * @param lineBreaks      {@code \n} bytes in the chunk
   * @param firstBreak      offset in the file of the first of them, or -1
   * @param nonEmptyLines   lines ending in the chunk that are not empty (CSV records, when no quoted field spans lines)
   * @param firstNonEmpty   whether the line ending at {@code firstBreak} is not empty
   * @param quotes          {@code "} bytes in the chunk
   * @param breakInQuotesIfStartOutside a line break inside a quoted field, if the chunk starts outside quotes
   * @param breakInQuotesIfStartInside  the same, if it starts inside a quoted field
   * @param loneCarriageReturn a {@code \r} not followed by {@code \n}: a CSV line break that slicing does not see
   * @param startsArray     (first chunk of a JSON file) the first non-blank byte is {@code [}
   * @param header          (first chunk of a CSV file) the header row
   */
  record Count(long lineBreaks, long firstBreak, long nonEmptyLines, boolean firstNonEmpty, long quotes,
      boolean breakInQuotesIfStartOutside, boolean breakInQuotesIfStartInside, boolean loneCarriageReturn,
      boolean startsArray, CsvHeader header) implements Serializable {}

  static List<Count> count(SparkSession spark, List<Chunk> chunks, HadoopSettings hadoopSettings) {
    if (chunks.isEmpty()) return List.of();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    return jsc.parallelize(chunks, chunks.size()).map(new CountChunk(hadoopSettings)).collect();
  }

  private static final class CountChunk implements Function<Chunk, Count> {
    private static final long serialVersionUID = 1L;
    private final HadoopSettings hadoopSettings;

    CountChunk(HadoopSettings hadoopSettings) {
      this.hadoopSettings = hadoopSettings;
    }

    @Override
    public Count call(Chunk chunk) {
      try {
        return scan(chunk, hadoopSettings.conf());
      } catch (IOException e) {
        throw new InputFileException(chunk.file().displayName(), "cannot be read: " + e.getMessage(), e);
      }
    }
  }

  static Count scan(Chunk chunk, Configuration conf) throws IOException {
    Path path = new Path(chunk.file().path());
    // Two bytes before the chunk tell whether its first line is empty so far; one after, whether a final \r is lone.
    long from = Math.max(0, chunk.start() - 2);
    long to = Math.min(chunk.file().length(), chunk.end() + 1);
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      in.seek(from);
      byte[] buf = new byte[1 << 16];
      long pos = from;
      long breaks = 0, firstBreak = -1, nonEmpty = 0, quotes = 0;
      boolean firstNonEmpty = false, inQuotes = false, breakInQuotes = false, breakOutsideQuotes = false, loneCr = false;
      int lineLength = 0; // bytes of the current line so far, not counting a \r just read
      boolean pendingCr = false;
      int n;
      while (pos < to && (n = in.read(buf, 0, (int) Math.min(buf.length, to - pos))) > 0) {
        for (int i = 0; i < n; i++, pos++) {
          byte b = buf[i];
          boolean inside = pos >= chunk.start() && pos < chunk.end();
          if (pendingCr && b != '\n' && pos - 1 >= chunk.start() && pos - 1 < chunk.end()) loneCr = true;
          if (b == '\n') {
            if (inside) {
              breaks++;
              boolean lineNotEmpty = lineLength > 0;
              if (lineNotEmpty) nonEmpty++;
              if (firstBreak < 0) {
                firstBreak = pos;
                firstNonEmpty = lineNotEmpty;
              }
              if (inQuotes) breakInQuotes = true;
              else breakOutsideQuotes = true;
            }
            lineLength = 0;
            pendingCr = false;
            continue;
          }
          if (pendingCr) lineLength++; // the \r before this byte was content
          pendingCr = b == '\r';
          if (!pendingCr) lineLength++;
          if (b == '"' && inside) {
            quotes++;
            inQuotes = !inQuotes;
          }
        }
      }
      if (pendingCr && to == chunk.file().length() && pos - 1 < chunk.end()) loneCr = true;
      boolean first = chunk.start() == 0;
      boolean array = first && chunk.file().format() == DataFormat.JSON && startsArray(path, conf);
      CsvHeader header = first && chunk.file().format() == DataFormat.CSV ? header(chunk, path, conf) : null;
      return new Count(breaks, firstBreak, nonEmpty, firstNonEmpty, quotes, breakInQuotes, breakOutsideQuotes, loneCr, array, header);
    }
  }

  private static boolean startsArray(Path path, Configuration conf) throws IOException {
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      int b = in.read();
      if (b == 0xEF && in.read() == 0xBB && in.read() == 0xBF) b = in.read(); // a byte order mark
      while (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C) b = in.read();
      return b == '[';
    }
  }

  private static CsvHeader header(Chunk chunk, Path path, Configuration conf) throws IOException {
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      InputStream first = BoundedInputStream.builder().setInputStream(in).setMaxCount(chunk.end()).get();
      return new CsvOrderReader(chunk.file().displayName()).header(Utf8Text.reader(first));
    }
  }

  /** The chunks a file of this size is counted in: about {@code chunkBytes} each. */
  static List<Chunk> chunks(InputFile file, long chunkBytes) {
    List<Chunk> chunks = new ArrayList<>();
    for (long start = 0; start < file.length(); start += chunkBytes) {
      chunks.add(new Chunk(file, start, Math.min(file.length(), start + chunkBytes)));
    }
    return chunks;
  }
}
