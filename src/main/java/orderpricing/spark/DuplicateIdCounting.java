package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import orderpricing.spark.PricingJob.Inputs;
import orderpricing.spark.input.IdHashes;
import orderpricing.spark.input.InputPlan;
import orderpricing.spark.input.Profile;
import orderpricing.spark.input.StagedOrdersSource;
import orderpricing.spark.stats.DuplicateIdCount;
import orderpricing.spark.stats.DuplicateIds;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * How a run counts its duplicate ids, the cheapest way its inputs allow: in the driver, for a small input it reads
 * itself; from the id hashes that a pass reading every record anyway reports (the measuring pass, or else the
 * pricing's own reading), while the driver can hold them; otherwise by {@link DuplicateIds}' own pass over the ids.
 */
final class DuplicateIdCounting {
  /** The largest input read in the driver: a JSON file of about 70,000 orders. */
  static final long READ_HERE_BYTES = 4L << 20;

  /**
   * Bytes of a small JSON order ({@code {"id":"A","total":1}} and its line break): an input with fewer bytes an id
   * than the driver's limit allows is counted by the shuffle pass at once. Smaller records (CSV's) may still be more
   * ids than the limit; then the hashes say so, and the ids are counted in a pass of their own.
   */
  private static final long SMALLEST_RECORD_BYTES = 22;

  private final SparkSession spark;
  private final long driverHashes;

  private DuplicateIdCounting(SparkSession spark, long driverHashes) {
    this.spark = spark;
    this.driverHashes = driverHashes;
  }

  static DuplicateIdCounting of(SparkSession spark) {
    return new DuplicateIdCounting(spark, Long.parseLong(spark.conf().get(PricingJob.DRIVER_HASHES, Long.toString(IdHashes.MAX_IDS)).strip()));
  }

  /**
   * An input read by one task anyway, a few MB at most, with nothing looked up for its records (customer rates are
   * looked up by the tasks): measured and counted in the driver, since Spark's planning and code generation of a job
   * take longer than reading it.
   */
  static boolean readHere(InputPlan plan) {
    return plan.partitionCount() == 1 && plan.bytes() <= READ_HERE_BYTES && !plan.stepped();
  }

  /**
   * The count made as the inputs are measured ({@code read}: the records of {@code plan}, as the pricing will see
   * them): in the driver for an input {@link #readHere}; else each task measures its records and hashes their ids,
   * and where the driver can hold the hashes they come back with the profiles and the count needs no shuffle of its
   * own; otherwise (an input too big for them, or more ids than it looked) the ids are counted by a pass of their own.
   */
  long whileMeasuring(InputPlan read, InputPlan plan, Profile.Collector profiles) {
    if (readHere(read)) return DuplicateIds.among(idsReadHere(read, profiles));
    if (read.bytes() / SMALLEST_RECORD_BYTES > driverHashes) return DuplicateIds.of(StagedOrdersSource.load(spark, read, profiles));
    IdHashes hashes = IdHashes.register(spark, driverHashes);
    StagedOrdersSource.load(spark, read, profiles, hashes).agg(count(col("id"))).first(); // the pass
    return fromHashes(hashes, plan);
  }

  /**
   * Where the pricing's reading of the records makes the count (no pass before it counted them, and the driver can
   * hold their hashes): what its readers report each partition's id hashes to; otherwise null.
   */
  IdHashes whilePricing(Inputs inputs) {
    boolean counted = inputs.duplicates().isPresent() || readHere(inputs.plan());
    return counted || inputs.records() > driverHashes ? null : IdHashes.register(spark, driverHashes);
  }

  /**
   * The inputs' count: known where a pass before the pricing made it; counted in the driver now for an input it reads
   * itself; made from the hashes the pricing's readers report, when there are {@code hashes}; otherwise started
   * beside the pricing, on the cores its last tasks leave idle (it reads the ids only, so no rates are looked up for it).
   */
  DuplicateIdCount forPricing(Inputs inputs, IdHashes hashes) {
    InputPlan plan = inputs.plan();
    if (inputs.duplicates().isPresent()) return inputs.duplicates().get();
    if (readHere(plan)) return DuplicateIdCount.known(DuplicateIds.among(idsReadHere(plan, null)));
    if (hashes != null) return DuplicateIdCount.whenAsked(() -> fromHashes(hashes, plan));
    return DuplicateIdCount.start(spark, StagedOrdersSource.load(spark, plan));
  }

  /** The count from the hashes a pass reported, or by DuplicateIds' own pass over the ids when they are not all there. */
  private long fromHashes(IdHashes hashes, InputPlan plan) {
    return hashes.all(plan.partitionCount()).map(sorted -> DuplicateIds.of(sorted, StagedOrdersSource.load(spark, plan)))
        .orElseGet(() -> DuplicateIds.of(StagedOrdersSource.load(spark, plan)));
  }

  private List<UTF8String> idsReadHere(InputPlan plan, Profile.Collector profiles) {
    try {
      return StagedOrdersSource.idsReadHere(spark, plan, profiles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
