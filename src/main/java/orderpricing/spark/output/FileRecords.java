package orderpricing.spark.output;

import orderpricing.read.DataFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/** How many rows one written file holds, read from the file itself: the check before a result is committed. */
final class FileRecords {
  /** How the job writes CSV ({@link OutputWriter}): RFC 4180, a quote inside a value doubled. */
  private static final CSVFormat OUTPUT_CSV = CSVFormat.RFC4180;

  private FileRecords() {}

  static long count(FileSystem fs, Path file, DataFormat format) throws IOException {
    return switch (format) {
      case PARQUET -> parquetRows(fs, file);
      case JSON -> jsonLines(fs, file);
      case CSV -> csvRecords(fs, file);
    };
  }

  /** The footer's count: the file is not read. */
  private static long parquetRows(FileSystem fs, Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, fs.getConf()))) {
      return reader.getRecordCount();
    }
  }

  /** JSON Lines: Spark ends every record with a newline, and a newline inside a value is escaped. */
  private static long jsonLines(FileSystem fs, Path file) throws IOException {
    return lines(fs, file).count();
  }

  /**
   * CSV: records, less the header row each non-empty part file starts with. Only a quoted value can hold a line
   * break, so a file without a quote has one record per line, and only files with quotes are parsed.
   */
  private static long csvRecords(FileSystem fs, Path file) throws IOException {
    Lines lines = lines(fs, file);
    long records = lines.quoted() ? parsedCsvRecords(fs, file) : lines.count();
    return Math.max(0, records - 1);
  }

  private static long parsedCsvRecords(FileSystem fs, Path file) throws IOException {
    long records = 0;
    try (Reader reader = new InputStreamReader(open(fs, file), StandardCharsets.UTF_8);
        CSVParser parser = CSVParser.builder().setReader(reader).setFormat(OUTPUT_CSV).get()) {
      for (var ignored : parser) records++;
    }
    return records;
  }

  private record Lines(long count, boolean quoted) {}

  /** Lines (the last one may lack its newline), and whether a double quote occurs anywhere. */
  private static Lines lines(FileSystem fs, Path file) throws IOException {
    long lines = 0;
    boolean quoted = false;
    int last = '\n';
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = open(fs, file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') lines++;
          else if (buffer[i] == '"') quoted = true;
        }
        last = buffer[n - 1];
      }
    }
    return new Lines(last == '\n' ? lines : lines + 1, quoted);
  }

  /** The file's bytes, decompressed when a Hadoop compression setting made Spark compress it (by its extension). */
  private static InputStream open(FileSystem fs, Path file) throws IOException {
    CompressionCodec codec = new CompressionCodecFactory(fs.getConf()).getCodec(file);
    InputStream raw = fs.open(file);
    return codec == null ? raw : codec.createInputStream(raw);
  }
}
