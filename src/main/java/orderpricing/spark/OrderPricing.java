package orderpricing.spark;

import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * The entry point of the Spark layer, on the session it is given:
 * {@code OrderPricing.get(spark).price(orders, Pricing.standard())} for pipelines that embed the step, or
 * {@code OrderPricing.get(spark).job(spec).run()} for a whole run from files to files.
 */
public final class OrderPricing {
  private final SparkSession spark;

  private OrderPricing(SparkSession spark) {
    this.spark = spark;
  }

  public static OrderPricing get(SparkSession spark) {
    return new OrderPricing(spark);
  }

  /** The typed map: each order priced on the executors, partitions and their order kept. Orders must be valid. */
  public Dataset<PricedOrder> price(Dataset<Order> orders, Pricing pricing) {
    return price(orders, (MapFunction<Order, PricedOrder>) pricing::price);
  }

  Dataset<PricedOrder> price(Dataset<Order> orders, MapFunction<Order, PricedOrder> function) {
    return orders.map(function, Encoders.bean(PricedOrder.class));
  }

  public PricingJob job(JobSpec spec) {
    return new PricingJob(spark, spec);
  }

  public SparkSession spark() {
    return spark;
  }
}
