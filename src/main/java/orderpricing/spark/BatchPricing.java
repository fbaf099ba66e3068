package orderpricing.spark;

import java.util.ArrayList;
import java.util.List;
import orderpricing.pricing.Order;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * Prices an in-memory batch across worker cores and returns the prices in the same order, like
 * {@code calculate_batch_prices(orders, num_workers)} with a process pool. An invalid order fails the batch before
 * any work starts, naming it; an empty batch returns at once without starting Spark.
 */
public final class BatchPricing {
  private BatchPricing() {}

  public static List<PricedOrder> calculateBatchPrices(List<Order> orders, int workers) {
    return calculateBatchPrices(orders, workers, Pricing.standard());
  }

  public static List<PricedOrder> calculateBatchPrices(List<Order> orders, int workers, Pricing pricing) {
    if (workers < 1) throw new IllegalArgumentException("workers must be at least 1: " + workers);
    if (orders.isEmpty()) return List.of();
    for (int i = 0; i < orders.size(); i++) {
      String problem = OrderValidator.problem(orders.get(i));
      if (problem != null) throw new IllegalArgumentException("order " + (i + 1) + " (id " + orders.get(i).getId() + "): " + problem);
    }
    // Reuses a session that is already running in this JVM (one SparkContext per JVM); otherwise starts and stops one.
    boolean owned = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
    SparkSession spark = SparkSession.builder().master("local[" + workers + "]").appName("order-pricing batch").getOrCreate();
    try {
      // One slice per worker, in list order, so collecting the prices gives them back in that order.
      JavaRDD<Order> slices = JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(orders, workers);
      Dataset<Order> ds = spark.createDataset(slices.rdd(), Encoders.bean(Order.class));
      List<PricedOrder> priced = OrderPricing.get(spark).price(ds, pricing).collectAsList();
      // Spark hands decimals back at DECIMAL(38, 18); give the caller its own totals and money at the currency scale.
      List<PricedOrder> result = new ArrayList<>(priced.size());
      for (int i = 0; i < priced.size(); i++) {
        Order in = orders.get(i);
        PricedOrder p = priced.get(i);
        result.add(new PricedOrder(in.getId(), in.getTotal(), in.getDiscount() == null ? java.math.BigDecimal.ZERO : in.getDiscount(),
            p.getDiscountAmount().setScale(pricing.scale()), p.getTax().setScale(pricing.scale()), p.getPrice().setScale(pricing.scale())));
      }
      return result;
    } finally {
      if (owned) spark.stop();
    }
  }
}
