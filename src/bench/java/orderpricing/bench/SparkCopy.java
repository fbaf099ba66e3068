package orderpricing.bench;

import java.util.Map;
import orderpricing.bench.BenchInputs.Format;
import orderpricing.cli.Settings;
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

    // The session the job's command line would start: the same defaults, master and event log.
    SparkSession spark = Settings.session(args.get("master", "local[*]"), Map.of("spark.app.name", "order-pricing-bench-spark-copy"));
    try {
      long session = System.nanoTime();
      var reader = spark.read();
      var orders = format == Format.PARQUET ? reader.parquet(input) : reader.schema(JSON_SCHEMA).json(input);
      orders.write().mode(SaveMode.ErrorIfExists).parquet(output);
      long end = System.nanoTime();
      System.out.println("spark copy: " + spark.conf().get("spark.master") + ", session " + (session - start) / 1_000_000 + " ms, copy "
          + (end - session) / 1_000_000 + " ms");
    } finally {
      spark.stop();
    }
  }
}
