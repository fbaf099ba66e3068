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
 * task that read the partition to the end: a duplicate count made from the rows the pricing reads anyway, instead of
 * a second scan of the ids. Keyed by partition, so a task that runs again replaces its report instead of adding to
 * it. Unnamed, so none of it reaches Spark's event log. The driver holds 8 bytes an id: runs use it up to
 * {@link #MAX_IDS} ids by default, and count the ids in a second scan beyond.
 */
public final class IdHashes extends AccumulatorV2<Map.Entry<Integer, long[]>, TreeMap<Integer, long[]>> {
  private static final long serialVersionUID = 1L;
  /** The most ids whose hashes are brought to the driver: 128 MB of them. */
  public static final long MAX_IDS = 16_000_000;

  private final TreeMap<Integer, long[]> byPartition = new TreeMap<>();

  public static IdHashes register(SparkSession spark) {
    IdHashes h = new IdHashes();
    spark.sparkContext().register(h);
    return h;
  }

  /** Every partition's sorted hashes, in partition order; empty when some partition was not read to its end. */
  public Optional<List<long[]>> all(int partitions) {
    if (byPartition.size() != partitions) return Optional.empty();
    return Optional.of(new ArrayList<>(byPartition.values()));
  }

  void add(int partition, long[] sorted) {
    add(Map.entry(partition, sorted));
  }

  @Override public void add(Map.Entry<Integer, long[]> e) { byPartition.put(e.getKey(), e.getValue()); }
  @Override public void merge(AccumulatorV2<Map.Entry<Integer, long[]>, TreeMap<Integer, long[]>> other) { byPartition.putAll(other.value()); }
  @Override public TreeMap<Integer, long[]> value() { return byPartition; }
  @Override public boolean isZero() { return byPartition.isEmpty(); }
  @Override public void reset() { byPartition.clear(); }

  @Override
  public IdHashes copy() {
    IdHashes c = new IdHashes();
    c.byPartition.putAll(byPartition);
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
