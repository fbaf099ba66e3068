package orderpricing.spark;

import orderpricing.spark.internal.DecimalBeanEncoder;

import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
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

  /**
   * The typed map: each order priced on the executors, partitions and their order kept. Orders must be valid (see
   * {@link orderpricing.pricing.OrderValidator}). The result's decimals are sized from the input's decimal types.
   */
  public Dataset<PricedOrder> price(Dataset<Order> orders, Pricing pricing) {
    StructType schema = orders.schema();
    DecimalType total = decimal(schema, "total");
    DecimalType discount = decimal(schema, "discount");
    OutputColumns columns = OutputColumns.declared(total, discount);
    return typed(orders.toDF(), total, discount).map((MapFunction<Order, PricedOrder>) pricing::price, columns.pricedOrders(pricing));
  }

  /** Rows with id, total and discount as orders, decoded from their own decimal types. */
  static Dataset<Order> typed(Dataset<Row> orders, DecimalType total, DecimalType discount) {
    return orders.as(DecimalBeanEncoder.of(Order.class, Map.of("total", total, "discount", discount)));
  }

  private static DecimalType decimal(StructType schema, String field) {
    return schema.apply(field).dataType() instanceof DecimalType d ? d : orderpricing.spark.input.StagedColumns.WIDEST;
  }

  public PricingJob job(JobSpec spec) {
    return new PricingJob(spark, spec);
  }

  public SparkSession spark() {
    return spark;
  }
}
