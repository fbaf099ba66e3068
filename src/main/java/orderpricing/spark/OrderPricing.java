package orderpricing.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Map;
import orderpricing.pricing.CustomerOrder;
import orderpricing.pricing.CustomerRate;
import orderpricing.pricing.Order;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import orderpricing.pricing.RejectedOrder;
import orderpricing.rates.CustomerRates;
import orderpricing.rates.RatesLookup;
import orderpricing.rates.RatesSource;
import orderpricing.spark.internal.DecimalBeanEncoder;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;

/**
 * The entry point of the Spark layer, on the session it is given:
 * {@code OrderPricing.get(spark).split(orders, Pricing.standard())} for pipelines that embed the step (the valid
 * orders priced, the invalid ones set aside with reasons), {@code price(orders, pricing)} for orders known to be
 * valid ({@code price(orders, rates, pricing)} with customers' own rates), or
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
   * The typed map: each order priced on the executors, partitions and their order kept. For orders that are known to
   * be valid: an invalid one fails the Spark job, with a message that names the field and the order
   * ({@code total is missing in order B}); {@link #split} prices the valid ones and sets the others aside instead.
   * The result's decimals are sized from the input's decimal types.
   */
  public Dataset<PricedOrder> price(Dataset<Order> orders, Pricing pricing) {
    JobSpec.requireRoomForPrices(pricing);
    StructType schema = orders.schema();
    DecimalType total = decimal(schema, "total");
    DecimalType discount = decimal(schema, "discount");
    OutputColumns columns = OutputColumns.declared(total, discount);
    return OrderEncoders.typed(orders.toDF(), total, discount).map((MapFunction<Order, PricedOrder>) order -> priceValid(order, pricing),
        columns.pricedOrders(pricing));
  }

  /**
   * The orders split into the valid ones priced and the invalid ones with their reasons (see {@link PricingSplit}),
   * lazily, from one map over the input: {@code priced().count() + rejected().count()} is the input's count. The
   * priced orders have the columns and types {@link #price} gives; the rejected keep the input's types.
   */
  public PricingSplit split(Dataset<Order> orders, Pricing pricing) {
    JobSpec.requireRoomForPrices(pricing);
    StructType schema = orders.schema();
    DecimalType total = decimal(schema, "total");
    DecimalType discount = decimal(schema, "discount");
    OutputColumns columns = OutputColumns.declared(total, discount);
    DecimalType money = columns.money(pricing);
    Dataset<PricingOutcome> outcomes = OrderEncoders.typed(orders.toDF(), total, discount).map(
        (MapFunction<Order, PricingOutcome>) order -> PricingOutcome.of(order, pricing),
        DecimalBeanEncoder.of(PricingOutcome.class, Map.of(
            "total", total, "discount", discount, "discountAmount", money, "tax", money, "price", money)));
    return new PricingSplit(outcomes, columns.pricedOrders(pricing),
        DecimalBeanEncoder.of(RejectedOrder.class, Map.of("total", total, "discount", discount)));
  }

  /** Prices an order that should be valid, or fails naming what is wrong and the order (by id, when it has one). */
  private static PricedOrder priceValid(Order order, Pricing pricing) {
    String problem = OrderValidator.problem(order);
    if (problem == null) return pricing.price(order);
    boolean named = OrderValidator.idProblem(order.getId()) == null;
    throw new IllegalArgumentException(problem + (named ? " in order " + order.getId() : " in an order without an id"));
  }

  /**
   * The typed map at customers' own rates: an order's own discount wins, else its customer's rate from {@code rates}
   * ({@link orderpricing.pricing.RateChoice}); the output's discount is the rate applied. The rates are collected
   * once and broadcast; two rates for one customer fail at once, naming the customer. An order that needs its
   * customer's rate and cannot have it (the customer is not in {@code rates}, or its rate is null or outside
   * [0, 1]) fails the job with the reason, as an invalid order would; partitions and their order are kept.
   */
  public Dataset<PricedOrder> price(Dataset<CustomerOrder> orders, Dataset<CustomerRate> rates, Pricing pricing) {
    JobSpec.requireRoomForPrices(pricing);
    StructType schema = orders.schema();
    DecimalType total = decimal(schema, "total");
    try (CustomerRates customerRates = RatesSource.of(rates).open(spark, RatesLookup.BROADCAST)) {
      DecimalType discount = customerRates.discountType(decimal(schema, "discount"));
      StructType chosenSchema = new StructType().add("id", DataTypes.StringType).add("total", total).add("discount", discount);
      Dataset<Row> chosen = orders.toDF().select(col("id"), col("total"), col("discount"), col("customerId"))
          .mapPartitions(new OrdersAtRates(customerRates.records()), Encoders.row(chosenSchema));
      OutputColumns columns = OutputColumns.declared(total, discount);
      return OrderEncoders.typed(chosen, total, discount).map((MapFunction<Order, PricedOrder>) pricing::price, columns.pricedOrders(pricing));
    }
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
