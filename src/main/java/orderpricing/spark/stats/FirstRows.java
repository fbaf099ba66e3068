package orderpricing.spark.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import orderpricing.pricing.PricedOrder;
import org.apache.spark.TaskContext;
import org.apache.spark.util.AccumulatorV2;

/**
 * The first rows of the output, kept while it is written so the summary's preview needs no job of its own: each
 * task keeps its partition's first {@code limit} priced orders, and the driver, which merges the tasks' copies,
 * takes the first {@code limit} in partition order, which is output order. At most {@code limit} rows a partition
 * come to the driver.
 */
public final class FirstRows extends AccumulatorV2<PricedOrder, List<PricedOrder>> {
  private static final long serialVersionUID = 1L;

  private final int limit;
  private final TreeMap<Integer, List<PricedOrder>> byPartition = new TreeMap<>();
  /** In a task: its partition's list, looked up once. */
  private transient List<PricedOrder> current;

  public FirstRows(int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must not be negative: " + limit);
    this.limit = limit;
  }

  @Override
  public void add(PricedOrder order) {
    if (current == null) current = byPartition.computeIfAbsent(TaskContext.getPartitionId(), p -> new ArrayList<>());
    if (current.size() < limit) current.add(order);
  }

  @Override
  public void merge(AccumulatorV2<PricedOrder, List<PricedOrder>> other) {
    for (Map.Entry<Integer, List<PricedOrder>> e : ((FirstRows) other).byPartition.entrySet()) {
      List<PricedOrder> mine = byPartition.computeIfAbsent(e.getKey(), p -> new ArrayList<>());
      for (PricedOrder o : e.getValue()) if (mine.size() < limit) mine.add(o);
    }
  }

  @Override
  public List<PricedOrder> value() {
    List<PricedOrder> rows = new ArrayList<>();
    for (List<PricedOrder> part : byPartition.values()) {
      for (PricedOrder o : part) {
        if (rows.size() == limit) return rows;
        rows.add(o);
      }
    }
    return rows;
  }

  @Override public boolean isZero() { return byPartition.isEmpty(); }
  @Override public FirstRows copy() { FirstRows c = new FirstRows(limit); c.merge(this); return c; }
  @Override public void reset() { byPartition.clear(); current = null; }
}
