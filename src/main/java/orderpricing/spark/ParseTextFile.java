package orderpricing.spark;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import orderpricing.read.CsvOrderReader;
import orderpricing.read.InputFileException;
import orderpricing.read.JsonOrderReader;
import orderpricing.read.RawRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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
  public Iterator<Row> call(Row file) throws Exception {
    int source = file.getInt(0);
    Path path = new Path(file.getString(1));
    InputFormat format = InputFormat.valueOf(file.getString(2));
    String name = file.getString(3);
    Configuration conf = new Configuration(false);
    hadoopSettings.forEach(conf::set);
    List<Row> rows = new ArrayList<>();
    try (InputStream in = path.getFileSystem(conf).open(path);
         Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      if (format == InputFormat.CSV) {
        new CsvOrderReader(name).read(reader, r -> rows.add(row(source, r)));
      } else {
        new JsonOrderReader(name).read(reader, r -> rows.add(row(source, r)));
      }
    } catch (java.io.IOException e) {
      throw new InputFileException(name, "cannot be read: " + e.getMessage(), e);
    }
    return rows.iterator();
  }

  private static Row row(int source, RawRecord r) {
    return RowFactory.create(source, r.position(), r.id(), r.total(), r.discount(), r.problem(), r.raw());
  }
}
