package orderpricing.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import orderpricing.cli.Settings;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads Delta tables back with Delta's own reader, outside the timings: the rows of the table's latest version, its
 * distinct ids, the sum of {@code price}, and from {@code DESCRIBE HISTORY} its versions and how many commits were
 * WRITEs (one per run of the job), what other operations it holds, and the checkpoints in its log. Prints one
 * tab-separated line per table: label, rows, distinct ids, price total, versions, WRITE commits, other operations
 * (OPERATION×N, comma-separated, or -), checkpoint files; or the label and "cannot check: …".
 *
 * <pre>DeltaCheck LABEL=TABLE ...</pre>
 */
public final class DeltaCheck {
  private DeltaCheck() {}

  public static void main(String[] args) {
    // The job's own session settings, Delta's extension and catalog included (the job's tables mode).
    SparkSession spark = Settings.session("local[*]", Map.of("spark.app.name", "order-pricing-bench-delta-check"), true);
    try {
      for (String arg : args) {
        int eq = arg.indexOf('=');
        String label = arg.substring(0, eq), table = arg.substring(eq + 1);
        System.out.println(label + "\t" + check(spark, Path.of(table).toAbsolutePath()));
      }
    } finally {
      spark.stop();
    }
  }

  private static String check(SparkSession spark, Path table) {
    try {
      String location = table.toUri().toString();
      Row r = spark.read().format("delta").load(location)
          .selectExpr("count(*)", "count(DISTINCT id)", "CAST(sum(price) AS STRING)").first();
      List<String> others = new ArrayList<>();
      long versions = 0, writes = 0;
      // DESCRIBE HISTORY is a command, not a query: grouped as a DataFrame, since SQL cannot take it as a subquery.
      for (Row h : spark.sql("DESCRIBE HISTORY delta.`" + location.replace("`", "``") + "`").groupBy("operation").count()
          .orderBy("operation").collectAsList()) {
        versions += h.getLong(1);
        if (h.getString(0).equals("WRITE")) writes = h.getLong(1);
        else others.add(h.getString(0) + "×" + h.getLong(1));
      }
      return String.join("\t", Long.toString(r.getLong(0)), Long.toString(r.getLong(1)), String.valueOf(r.getString(2)),
          Long.toString(versions), Long.toString(writes), others.isEmpty() ? "-" : String.join(", ", others),
          Long.toString(checkpoints(table.resolve("_delta_log"))));
    } catch (Exception e) {
      return "cannot check: " + String.valueOf(e.getMessage()).lines().filter(l -> !l.isBlank()).findFirst().orElse("").replace('\t', ' ');
    }
  }

  /** Checkpoint files in the log (classic ones, {@code N.checkpoint.parquet}, or multi-part and V2 ones; not .crc files). */
  private static long checkpoints(Path log) throws IOException {
    try (Stream<Path> files = Files.list(log)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith(".") && n.contains(".checkpoint")).count();
    }
  }
}
