package orderpricing.spark.input;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import orderpricing.read.RawRecord;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.AccumulatorV2;

/**
 * What the records of inputs that do not declare their decimal types hold (JSON, CSV, floating point), measured as
 * they are read in the pass before pricing: the counts, the widest total and discount among the valid orders (which
 * size the staged and output decimal columns), and the first invalid record in input order (for fail mode). Each
 * partition's reader measures its records; only these few numbers come back to the driver. With kept columns, it
 * also notes which of them each input file's records have, since a JSON file has no header to say so.
 *
 * @param keptSeen by input file, for the files with a record that has fields: the kept columns some record has
 */
public record Profile(long records, long invalid, int totalScale, int discountScale, BigDecimal maxTotal, Invalid first,
    TreeMap<Integer, BitSet> keptSeen) implements Serializable {

  /** An invalid record and where it is. */
  public record Invalid(int source, long position, String id, String problem) implements Serializable {}

  /** The profile of all partitions reported to a collector, in partition order. */
  public static Profile of(Collector collector, int partitions) {
    if (collector.value().size() != partitions) {
      throw new IllegalStateException("measured " + collector.value().size() + " of " + partitions + " partitions");
    }
    return collector.value().values().stream().reduce(Profile::then).orElse(new Profile(0, 0, 0, 0, BigDecimal.ZERO, null, new TreeMap<>()));
  }

  /** A kept column no record of an input file has: by the file's place in the input and the column's in the list. */
  public record MissingColumn(int source, int column) {}

  /** The first file, in input order, whose records lack one of the {@code kept} columns altogether. */
  public Optional<MissingColumn> firstMissing(int kept) {
    for (Map.Entry<Integer, BitSet> e : keptSeen.entrySet()) {
      int column = e.getValue().nextClearBit(0);
      if (column < kept) return Optional.of(new MissingColumn(e.getKey(), column));
    }
    return Optional.empty();
  }

  /** The first invalid record in input order, if any. */
  public Optional<Invalid> firstInvalid() {
    return Optional.ofNullable(first);
  }

  /** The staged columns that hold every valid value exactly, at their narrowest. */
  public StagedColumns columns() {
    int integer = Math.max(1, maxTotal.precision() - maxTotal.scale());
    return new StagedColumns(DataTypes.createDecimalType(Math.min(38, integer + totalScale), totalScale),
        DataTypes.createDecimalType(discountScale + 1, discountScale));
  }

  /** This profile followed by the next partition's. */
  private Profile then(Profile next) {
    return new Profile(records + next.records, invalid + next.invalid, Math.max(totalScale, next.totalScale),
        Math.max(discountScale, next.discountScale), maxTotal.max(next.maxTotal),
        first != null ? first : next.first, union(keptSeen, next.keptSeen));
  }

  private static TreeMap<Integer, BitSet> union(TreeMap<Integer, BitSet> a, TreeMap<Integer, BitSet> b) {
    TreeMap<Integer, BitSet> all = new TreeMap<>();
    for (Map<Integer, BitSet> m : List.of(a, b)) {
      m.forEach((source, seen) -> all.computeIfAbsent(source, s -> new BitSet()).or(seen));
    }
    return all;
  }

  /** A partition's profile, built record by record as its reader reads them. */
  static final class Builder {
    private long records, invalid;
    private int totalScale, discountScale;
    private BigDecimal maxTotal = BigDecimal.ZERO;
    private Invalid first;
    private final TreeMap<Integer, BitSet> keptSeen = new TreeMap<>();

    void add(int source, RawRecord r) {
      records++;
      if (r.kept() != null) noteKept(source, r.kept());
      if (r.problem() != null) {
        invalid++;
        if (first == null) first = new Invalid(source, r.position(), r.id(), r.problem());
        return;
      }
      if (r.total().compareTo(maxTotal) > 0) maxTotal = r.total();
      totalScale = Math.max(totalScale, fractionDigits(r.total()));
      if (r.discount() != null) discountScale = Math.max(discountScale, fractionDigits(r.discount()));
    }

    Profile build() {
      return new Profile(records, invalid, totalScale, discountScale, maxTotal, first, keptSeen);
    }

    private void noteKept(int source, Object[] kept) {
      BitSet seen = keptSeen.computeIfAbsent(source, s -> new BitSet());
      for (int i = seen.nextClearBit(0); i < kept.length; i = seen.nextClearBit(i + 1)) {
        if (kept[i] != RawRecord.ABSENT) seen.set(i);
      }
    }

    /** How many decimals a value really has (12.500000 has 1). */
    private static int fractionDigits(BigDecimal v) {
      return v.scale() <= 0 ? 0 : Math.max(0, v.stripTrailingZeros().scale());
    }
  }

  /**
   * Each partition's profile, reported by its task when it has read the partition to the end. Keyed by partition, so
   * a task that runs again (a retry, a lost executor) replaces its report instead of adding to it. Unnamed, so none of
   * it (the first invalid record names an id) reaches Spark's event log.
   */
  public static final class Collector extends AccumulatorV2<Map.Entry<Integer, Profile>, TreeMap<Integer, Profile>> {
    private static final long serialVersionUID = 1L;
    private final TreeMap<Integer, Profile> byPartition = new TreeMap<>();

    public static Collector register(SparkSession spark) {
      Collector c = new Collector();
      spark.sparkContext().register(c);
      return c;
    }

    void add(int partition, Profile p) {
      add(Map.entry(partition, p));
    }

    @Override public void add(Map.Entry<Integer, Profile> e) { byPartition.put(e.getKey(), e.getValue()); }
    @Override public void merge(AccumulatorV2<Map.Entry<Integer, Profile>, TreeMap<Integer, Profile>> other) { byPartition.putAll(other.value()); }
    @Override public TreeMap<Integer, Profile> value() { return byPartition; }
    @Override public boolean isZero() { return byPartition.isEmpty(); }
    @Override public void reset() { byPartition.clear(); }

    @Override
    public Collector copy() {
      Collector c = new Collector();
      c.byPartition.putAll(byPartition);
      return c;
    }
  }
}
