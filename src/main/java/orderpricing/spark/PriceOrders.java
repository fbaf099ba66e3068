package orderpricing.spark;

import orderpricing.spark.stats.DecimalSum;
import orderpricing.spark.stats.FirstRows;

import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.util.LongAccumulator;

/**
 * The typed map's function: the pricing rule, plus a count, a sum and the first rows kept on the way, so the run's
 * summary needs no second pass over the output. Spark applies a result task's accumulator updates once, even when
 * tasks are retried.
 */
final class PriceOrders implements MapFunction<Order, PricedOrder> {
  private static final long serialVersionUID = 1L;

  private final Pricing pricing;
  private final LongAccumulator priced;
  private final DecimalSum priceTotal;
  private final FirstRows firstRows;

  PriceOrders(Pricing pricing, LongAccumulator priced, DecimalSum priceTotal, FirstRows firstRows) {
    this.pricing = pricing;
    this.priced = priced;
    this.priceTotal = priceTotal;
    this.firstRows = firstRows;
  }

  @Override
  public PricedOrder call(Order order) {
    PricedOrder p = pricing.price(order);
    priced.add(1);
    priceTotal.add(p.getPrice());
    firstRows.add(p);
    return p;
  }
}
