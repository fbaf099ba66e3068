package orderpricing.spark;

import java.util.List;
import orderpricing.pricing.Order;
import orderpricing.pricing.Pricing;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.PricingSplit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/** Prices the orders a pipeline holds, and sets aside with their reasons those that cannot be priced. */
public class LibraryExample {
  public static void priceOrSetAside(SparkSession spark, String pricesDir, String rejectsDir) {
    Dataset<Order> orders = spark.createDataset(List.of(
        Order.of("A-1", "100.00", "0.1"),
        Order.of("A-2", null, "0.1"),          // rejected: total is missing
        Order.of("A-3", "50.00", "1.5"),       // rejected: discount is outside [0, 1]
        Order.of("A-4", "150.00", null)),
        Encoders.bean(Order.class));

    // Lazy: nothing runs until written. Persisted, both outputs come from one pass over the orders.
    PricingSplit split = OrderPricing.get(spark).split(orders, Pricing.standard()).persist();
    split.priced().write().parquet(pricesDir);      // priced, in input order
    split.rejected().write().json(rejectsDir);      // id, total, discount, reason
    split.unpersist();
  }

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().master("local[*]").appName("price or set aside").getOrCreate();
    priceOrSetAside(spark, args[0], args[1]);
    spark.stop();
  }
}
