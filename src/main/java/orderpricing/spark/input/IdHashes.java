package orderpricing.spark.input;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.AccumulatorV2;

/**
 * The ids of each partition as sorted 64-bit hashes (Spark's {@code xxhash64}; null ids are not ids), reported by the
 * task that read the partition to the end: a duplicate count made from the rows a pass reads anyway, instead of a
 * shuffle of its own. Keyed by partition, so a task that runs again replaces its report instead of adding to it.
 * Unnamed, so none of it reaches Spark's event log.
 *
 * <p>The driver holds 8 bytes an id, up to a limit ({@link #MAX_IDS} by default): past it, what it holds is dropped
 * and {@link #all} is empty, so the caller counts the ids another way. Memory stays flat whatever the input.
 */
public final class IdHashes extends AccumulatorV2<Map.Entry<Integer, long[]>, TreeMap<Integer, long[]>> {
  private static final long serialVersionUID = 1L;
  /** The most ids whose hashes the driver holds by default: 128 MB of them. */
  public static final long MAX_IDS = 16_000_000;

  private final long limit;
  private final TreeMap<Integer, long[]> byPartition = new TreeMap<>();
  private long held;
  private boolean overflowed;

  private IdHashes(long limit) {
    this.limit = limit;
  }

  /** Hashes of at most {@code limit} ids held in the driver. */
  public static IdHashes register(SparkSession spark, long limit) {
    IdHashes h = new IdHashes(limit);
    spark.sparkContext().register(h);
    return h;
  }

  /** Every partition's sorted hashes, in partition order; empty when some partition was not read to its end, or
   * when they were more than the limit. */
  public Optional<List<long[]>> all(int partitions) {
    if (overflowed || byPartition.size() != partitions) return Optional.empty();
    return Optional.of(new ArrayList<>(byPartition.values()));
  }

  void add(int partition, long[] sorted) {
    add(Map.entry(partition, sorted));
  }

  @Override
  public void add(Map.Entry<Integer, long[]> e) {
    if (overflowed) return;
    long[] before = byPartition.put(e.getKey(), e.getValue());
    held += e.getValue().length - (before == null ? 0 : before.length);
    if (held > limit) {
      overflowed = true;
      byPartition.clear();
      held = 0;
    }
  }

  @Override
  public void merge(AccumulatorV2<Map.Entry<Integer, long[]>, TreeMap<Integer, long[]>> other) {
    if (other instanceof IdHashes o && o.overflowed) overflowed = true;
    for (Map.Entry<Integer, long[]> e : other.value().entrySet()) add(e);
  }

  @Override public TreeMap<Integer, long[]> value() { return byPartition; }
  @Override public boolean isZero() { return byPartition.isEmpty() && !overflowed; }

  @Override
  public void reset() {
    byPartition.clear();
    held = 0;
    overflowed = false;
  }

  @Override
  public IdHashes copy() {
    IdHashes c = new IdHashes(limit);
    c.byPartition.putAll(byPartition);
    c.held = held;
    c.overflowed = overflowed;
    return c;
  }
  /** A partition's hashes, gathered as its reader reads. */
  static final class Builder {
    private long[] values = new long[1024];
    private int size;

    void add(long hash) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = hash;
    }

    long[] sorted() {
      long[] out = Arrays.copyOf(values, size);
      Arrays.sort(out);
      return out;
    }
  }
}
