package orderpricing.bench;

import java.util.HashMap;
import java.util.Map;
import orderpricing.bench.BenchInputs.Format;
import orderpricing.cli.Settings;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The Spark floor: {@code spark.read.parquet(in).write.parquet(out)} (JSON Lines and CSV read by Spark's own readers
 * with the input's schema given, so there is no inference pass; CSV with its header row), in its own JVM started like scripts/price starts the job, with the same
 * conf/spark-defaults.conf (named by {@code -Dorderpricing.conf}) and master. Whatever the job costs beyond this is
 * the job's own work: parsing, validation, the typed map, keeping input order, the summary.
 *
 * <pre>SparkCopy [--master local[*]] [--format parquet|jsonl|csv] [--event-log-dir DIR] INPUT OUTPUT_DIR</pre>
 * {@code --event-log-dir} puts this run's Spark event log in DIR, where scripts/bench counts its tasks.
 */
public final class SparkCopy {
  private SparkCopy() {}

  /** The generator's columns, for JSON Lines and CSV (Parquet carries its own schema): types that hold them exactly. */
  static final String SCHEMA = "id STRING, total DECIMAL(10,2), discount DECIMAL(3,2)";

  public static void main(String[] argv) {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (args.positional.size() != 2) {
      BenchInputs.usage("SparkCopy [--master URL] [--format parquet|jsonl|csv] [--event-log-dir DIR] INPUT OUTPUT_DIR");
    }
    long start = System.nanoTime();
    Format format = Format.of(args.get("format", "parquet"));
    String input = args.positional.get(0), output = args.positional.get(1);

    // The session the job's command line would start: the same defaults, master and event log.
    Map<String, String> conf = new HashMap<>(Map.of("spark.app.name", "order-pricing-bench-spark-copy"));
    if (args.options.containsKey("event-log-dir")) conf.put("spark.eventLog.dir", args.get("event-log-dir", null));
    SparkSession spark = Settings.session(args.get("master", "local[*]"), conf);
    try {
      long session = System.nanoTime();
      var reader = spark.read();
      var orders = switch (format) {
        case PARQUET -> reader.parquet(input);
        case JSONL -> reader.schema(SCHEMA).json(input);
        case CSV -> reader.schema(SCHEMA).option("header", "true").csv(input);
      };
      orders.write().mode(SaveMode.ErrorIfExists).parquet(output);
      long end = System.nanoTime();
      System.out.println("spark copy: " + spark.conf().get("spark.master") + ", session " + (session - start) / 1_000_000 + " ms, copy "
          + (end - session) / 1_000_000 + " ms");
    } finally {
      spark.stop();
    }
  }
}
