package orderpricing.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import orderpricing.cli.Settings;
import orderpricing.tools.OrderGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * The rates table of the rates sitting: customers 1 to N, spelt as {@code data/generate --customers N} spells them
 * ({@link OrderGenerator#customerId}), each with a rate of 0.00 to 0.40 derived from a hash of its number and the
 * seed. Written once as one Parquet file (OUTPUT_DIR/parquet/, for {@code --rates FILE}) and one CSV file with a header
 * (OUTPUT_DIR/csv/, for PostgreSQL's COPY), in customer order.
 *
 * <pre>RatesInput CUSTOMERS SEED OUTPUT_DIR</pre>
 */
public final class RatesInput {
  private RatesInput() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) BenchInputs.usage("RatesInput CUSTOMERS SEED OUTPUT_DIR");
    long customers = Long.parseLong(args[0]), seed = Long.parseLong(args[1]);
    Path out = BenchInputs.newOutputDir(args[2]);
    SparkSession spark = Settings.session("local[*]", Map.of("spark.app.name", "order-pricing-bench-rates-input",
        "spark.ui.enabled", "false", "spark.eventLog.enabled", "false"));
    try {
      Dataset<Row> rates = spark.range(1, customers + 1).toDF("n").select(
          OrderGenerator.customerId(col("n")).as("customer_id"),
          pmod(xxhash64(col("n"), lit(seed + 4)), lit(41L)).cast(DataTypes.createDecimalType(4, 0)).divide(100)
              .cast(DataTypes.createDecimalType(3, 2)).as("rate")).coalesce(1);
      rates.write().mode(SaveMode.ErrorIfExists).parquet(out.resolve("parquet").toString());
      rates.write().mode(SaveMode.ErrorIfExists).option("header", "true").csv(out.resolve("csv").toString());
    } finally {
      spark.stop();
    }
    Files.createFile(out.resolve("_SUCCESS"));
    System.out.println("wrote the rates of " + customers + " customers (seed " + seed + ") to " + out);
  }
}
