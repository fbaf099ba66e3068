package orderpricing.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import org.apache.spark.SparkConf;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerApplicationEnd;
import org.apache.spark.scheduler.SparkListenerStageCompleted;

/**
 * BatchPricing in a JVM of its own, where no Spark session exists before it: prints, as key=value lines, how many
 * SparkContexts an empty batch and then a batch of 7 orders on 3 workers started, the master and the tasks of each
 * stage. A SparkContext started anywhere in the JVM registers {@link Observer} (spark.extraListeners, set by the test).
 */
public final class BatchProbe {
  private BatchProbe() {}

  public static void main(String[] args) {
    List<PricedOrder> none = BatchPricing.calculateBatchPrices(List.of(), 4);
    System.out.println("empty.prices=" + none.size());
    System.out.println("empty.contexts=" + Observer.contexts.size());

    List<Order> orders = new ArrayList<>();
    for (int i = 1; i <= 7; i++) orders.add(Order.of("B" + i, i + "0.00", i % 2 == 0 ? "0.1" : null));
    List<PricedOrder> prices = BatchPricing.calculateBatchPrices(orders, 3);
    // BatchPricing stops the context it started, which drains the listener bus: the observer has seen every event.
    System.out.println("batch.stopped=" + Observer.ended.get());
    System.out.println("batch.ids=" + prices.stream().map(PricedOrder::getId).collect(Collectors.joining(",")));
    System.out.println("batch.prices=" + prices.stream().map(p -> p.getPrice().toPlainString()).collect(Collectors.joining(",")));
    System.out.println("batch.contexts=" + Observer.contexts.size());
    System.out.println("batch.master=" + String.join(",", Observer.contexts));
    System.out.println("batch.stageTasks=" + Observer.stageTasks.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }

  /** Constructed by each SparkContext at its start, with its configuration. */
  public static final class Observer extends SparkListener {
    static final List<String> contexts = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final List<Integer> stageTasks = new java.util.concurrent.CopyOnWriteArrayList<>();
    static final java.util.concurrent.atomic.AtomicInteger ended = new java.util.concurrent.atomic.AtomicInteger();

    public Observer(SparkConf conf) {
      contexts.add(conf.get("spark.master"));
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted stage) {
      stageTasks.add(stage.stageInfo().numTasks());
    }

    @Override
    public void onApplicationEnd(SparkListenerApplicationEnd end) {
      ended.incrementAndGet();
    }
  }
}
