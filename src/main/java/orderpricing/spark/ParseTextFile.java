package orderpricing.spark;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;
import orderpricing.read.CsvOrderReader;
import orderpricing.read.InputFileException;
import orderpricing.read.JsonOrderReader;
import orderpricing.read.RawRecord;
import orderpricing.read.RecordIterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Runs on an executor: opens one JSON or CSV file and turns its records into staged rows, in file order. */
final class ParseTextFile implements FlatMapFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> hadoopSettings;

  ParseTextFile(Map<String, String> hadoopSettings) {
    this.hadoopSettings = hadoopSettings;
  }

  @Override
  public Iterator<Row> call(Row file) {
    Configuration conf = new Configuration(false);
    hadoopSettings.forEach(conf::set);
    return parse(file.getInt(0), new Path(file.getString(1)), DataFormat.valueOf(file.getString(2)), file.getString(3), conf);
  }

  /** The staged rows of one file, read as they are asked for; in a task, the file is closed when the task ends. */
  static Iterator<Row> parse(int source, Path path, DataFormat format, String name, Configuration conf) {
    try {
      InputStream in = path.getFileSystem(conf).open(path);
      Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
      TaskContext task = TaskContext.get();
      if (task != null) task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> closeQuietly(reader));
      RecordIterator records = format == DataFormat.CSV ? new CsvOrderReader(name).records(reader) : new JsonOrderReader(name).records(reader);
      return new Iterator<>() {
        @Override public boolean hasNext() {
          try {
            boolean more = records.hasNext();
            if (!more && task == null) closeQuietly(reader);
            return more;
          } catch (UncheckedIOException e) {
            throw new InputFileException(name, "cannot be read: " + e.getCause().getMessage(), e);
          }
        }
        @Override public Row next() { return row(source, records.next()); }
      };
    } catch (IOException e) {
      throw new InputFileException(name, "cannot be read: " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Reader reader) {
    try {
      reader.close();
    } catch (IOException ignored) {
      // Nothing more can go wrong with a file that has been read.
    }
  }

  private static Row row(int source, RawRecord r) {
    return RowFactory.create(source, r.position(), r.id(), r.total(), r.discount(), r.customerId(), r.problem(), r.raw());
  }
}
