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
    ChunkScan scan = new ChunkScan(chunk.start(), chunk.end(), chunk.file().length());
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      in.seek(scan.from());
      byte[] buf = new byte[1 << 16];
      int n;
      while (scan.remaining() > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, scan.remaining()))) > 0) {
        scan.feed(buf, 0, n);
      }
    }
    boolean first = chunk.start() == 0;
    boolean array = first && chunk.file().format() == DataFormat.JSON && startsArray(path, conf);
    CsvHeader header = first && chunk.file().format() == DataFormat.CSV ? header(chunk, path, conf) : null;
    return scan.count(array, header);
  }

  private static boolean startsArray(Path path, Configuration conf) throws IOException {
    try (InputStream in = path.getFileSystem(conf).open(path)) {
      return startsArray(in);
    }
  }

  /** Whether the first byte of a file after a byte order mark and blank space is {@code [}: a JSON array. */
  static boolean startsArray(InputStream in) throws IOException {
    int b = in.read();
    if (b == 0xEF && in.read() == 0xBB && in.read() == 0xBF) b = in.read(); // a byte order mark
    while (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == 0x0C) b = in.read();
    return b == '[';
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
