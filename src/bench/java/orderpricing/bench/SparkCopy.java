package orderpricing.bench;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import orderpricing.bench.BenchInputs.Format;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark floor: {@code spark.read.parquet(in).write.parquet(out)} (JSON Lines read with the input's schema given,
 * so there is no inference pass), in its own JVM started like scripts/price starts the job, with the same
 * conf/spark-defaults.conf (named by {@code -Dorderpricing.conf}) and master. Whatever the job costs beyond this is
 * the job's own work: parsing, validation, the typed map, keeping input order, the summary.
 *
 * <pre>SparkCopy [--master local[*]] [--format parquet|jsonl] INPUT OUTPUT_DIR</pre>
 */
public final class SparkCopy {
  private SparkCopy() {}

  /** The generator's columns, for JSON Lines (Parquet carries its own schema). */
  static final String JSON_SCHEMA = "id STRING, total DECIMAL(10,2), discount DECIMAL(3,2)";

  public static void main(String[] argv) {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (args.positional.size() != 2) BenchInputs.usage("SparkCopy [--master URL] [--format parquet|jsonl] INPUT OUTPUT_DIR");
    long start = System.nanoTime();
    Format format = Format.of(args.get("format", "parquet"));
    String input = args.positional.get(0), output = args.positional.get(1);

    SparkConf conf = new SparkConf();
    String confDir = System.getProperty("orderpricing.conf");
    if (confDir != null && Files.isRegularFile(Path.of(confDir, "spark-defaults.conf"))) {
      for (Map.Entry<Object, Object> e : sparkDefaults(Path.of(confDir, "spark-defaults.conf")).entrySet()) {
        conf.setIfMissing((String) e.getKey(), ((String) e.getValue()).strip());
      }
    }
    conf.setMaster(args.get("master", "local[*]"));
    conf.setAppName("order-pricing-bench-spark-copy");
    prepareEventLogDir(conf);

    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      long session = System.nanoTime();
      var reader = spark.read();
      var orders = format == Format.PARQUET ? reader.parquet(input) : reader.schema(JSON_SCHEMA).json(input);
      orders.write().mode(SaveMode.ErrorIfExists).parquet(output);
      long end = System.nanoTime();
      System.out.println("spark copy: " + conf.get("spark.master") + ", session " + (session - start) / 1_000_000 + " ms, copy "
          + (end - session) / 1_000_000 + " ms");
    } finally {
      spark.stop();
    }
  }

  private static Properties sparkDefaults(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  /** Spark refuses to start when the event log is on and its local directory is missing; the job creates it too. */
  private static void prepareEventLogDir(SparkConf conf) {
    if (!conf.getBoolean("spark.eventLog.enabled", false)) return;
    String dir = conf.get("spark.eventLog.dir", "file:/tmp/spark-events");
    URI uri = URI.create(dir);
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) return;
    try {
      Files.createDirectories(uri.getScheme() == null ? Path.of(dir) : Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
