package orderpricing.tools;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Deterministic orders for tests, benchmarks and demos: order {@code i} (from 1) is {@code ORD-0000000i} with a total
 * between 1.00 and 10,000.00 and a discount of 0.00 to 0.30, both derived from a hash of i and the seed, so the
 * same count and seed give the same orders however Spark partitions the work. With {@code --customers N} each order
 * also belongs to one of N customers ({@code CUST-000001} …) and about half have no discount of their own, so their
 * customer's rate applies under {@code --rates}.
 */
public final class OrderGenerator {
  private OrderGenerator() {}

  public static Dataset<Row> orders(SparkSession spark, long count, long seed) {
    Dataset<Row> ids = spark.range(1, count + 1).toDF("n");
    return ids.select(
        concat(lit("ORD-"), format_string("%09d", col("n"))).as("id"),
        pmod(xxhash64(col("n"), lit(seed)), lit(999_901L)).plus(100).cast(DataTypes.createDecimalType(12, 0))
            .divide(100).cast(DataTypes.createDecimalType(10, 2)).as("total"),
        pmod(abs(xxhash64(col("n"), lit(seed + 1))), lit(31L)).cast(DataTypes.createDecimalType(4, 0))
            .divide(100).cast(DataTypes.createDecimalType(3, 2)).as("discount"));
  }

  /** The orders with a {@code customer_id} out of {@code customers}; about half lose their discount. */
  public static Dataset<Row> withCustomers(Dataset<Row> orders, long customers, long seed) {
    return orders.select(col("id"), col("total"),
        when(pmod(xxhash64(col("id"), lit(seed + 3)), lit(2L)).equalTo(0), lit(null)).otherwise(col("discount")).as("discount"),
        customerId(pmod(xxhash64(col("id"), lit(seed + 2)), lit(customers)).plus(1)).as("customer_id"));
  }

  /** Customer {@code n} (from 1) is {@code CUST-00000n}: one spelling for the orders and the rates tables. */
  public static Column customerId(Column n) {
    return concat(lit("CUST-"), format_string("%06d", n));
  }

  /** Usage: OrderGenerator [--customers N] COUNT OUTPUT_DIR [parquet|json|csv] [SEED] [FILES] */
  public static void main(String[] argv) {
    List<String> list = new ArrayList<>(List.of(argv));
    int at = list.indexOf("--customers");
    long customers = at >= 0 && at + 1 < list.size() ? Long.parseLong(list.remove(at + 1)) : 0;
    if (at >= 0) list.remove(at);
    String[] args = list.toArray(String[]::new);
    if (args.length < 2 || at >= 0 && customers <= 0) {
      System.err.println("usage: data/generate [--customers N] COUNT OUTPUT_DIR [parquet|json|csv] [SEED] [FILES]");
      System.exit(2);
    }
    long count = Long.parseLong(args[0].replace("_", ""));
    String out = args[1];
    String format = args.length > 2 ? args[2] : "parquet";
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 42L;
    int files = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    SparkSession spark = SparkSession.builder().master("local[*]").appName("order-generator")
        .config("spark.ui.enabled", "false").getOrCreate();
    try {
      // Range partitions are in id order, so the files hold the orders in id order.
      // Row groups of 8 MB, so Spark can split even one big file across cores (it splits Parquet by row group).
      Dataset<Row> orders = orders(spark, count, seed);
      if (customers > 0) orders = withCustomers(orders, customers, seed);
      orders.repartitionByRange(files, col("id")).sortWithinPartitions("id")
          .write().mode(SaveMode.Overwrite).option("header", "true").option("parquet.block.size", 8L << 20)
          .format(format).save(out);
      System.out.println("wrote " + count + " orders to " + out + " (" + format + ", seed " + seed
          + (customers > 0 ? ", " + customers + " customers" : "") + ")");
    } finally {
      spark.stop();
    }
  }
}
