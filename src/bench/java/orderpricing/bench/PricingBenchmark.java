package orderpricing.bench;

import java.math.BigDecimal;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The pricing rule alone, {@link Pricing#price}, in nanoseconds per order: no Spark, no I/O, no encoders. The orders
 * look like the generator's (totals 1.00 to 10,000.00, discounts 0.00 to 0.30, about 1 in 31 without a discount) and
 * are made once, so the figure is the rule's own cost: BigDecimal arithmetic and the PricedOrder it allocates.
 *
 * <p>Run with {@code scripts/bench --jmh}; JMH options after {@code --} go to JMH (e.g. {@code -- -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PricingBenchmark {
  /** Orders per invocation: enough to defeat branch prediction on one order, few enough to stay in cache. */
  static final int BATCH = 1024;

  private final Pricing pricing = Pricing.standard();
  private Order[] orders;

  @Setup
  public void makeOrders() {
    SplittableRandom random = new SplittableRandom(42);
    orders = new Order[BATCH];
    for (int i = 0; i < BATCH; i++) {
      BigDecimal total = BigDecimal.valueOf(100 + random.nextLong(999_901), 2);
      long d = random.nextLong(31);
      BigDecimal discount = d == 0 ? null : BigDecimal.valueOf(d, 2);
      orders[i] = new Order(String.format("ORD-%09d", i + 1), total, discount);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void price(Blackhole out) {
    for (Order order : orders) out.consume(pricing.price(order));
  }

  /** The same, summing the prices instead of handing each PricedOrder to the blackhole. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public BigDecimal priceAndSum() {
    BigDecimal sum = BigDecimal.ZERO;
    for (Order order : orders) {
      PricedOrder priced = pricing.price(order);
      sum = sum.add(priced.getPrice());
    }
    return sum;
  }
}
