package orderpricing.spark;

import static org.apache.spark.sql.functions.col;

import java.util.Arrays;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.RejectedOrder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.storage.StorageLevel;

/**
 * Orders split by whether they can be priced: {@link #priced()}, the valid ones priced, and {@link #rejected()},
 * the others with the reason the command line's rejects give. Every order is in exactly one of them, and both keep
 * the input's partitions and the order within them.
 *
 * <p>Lazy, like any Dataset: nothing runs until an action. Both are filters of one map that validates each order
 * and prices it if valid, so a computation of either looks at each order once. A computation of each reads the input
 * again, though: a caller that uses both should {@link #persist()} the split first (then the input is read and priced
 * once for both) and {@link #unpersist()} it after.
 */
public final class PricingSplit {
  private final Dataset<PricingOutcome> outcomes;
  private final Encoder<PricedOrder> pricedEncoder;
  private final Encoder<RejectedOrder> rejectedEncoder;

  PricingSplit(Dataset<PricingOutcome> outcomes, Encoder<PricedOrder> pricedEncoder, Encoder<RejectedOrder> rejectedEncoder) {
    this.outcomes = outcomes;
    this.pricedEncoder = pricedEncoder;
    this.rejectedEncoder = rejectedEncoder;
  }

  /** The valid orders priced, with the columns and decimal types {@link OrderPricing#price} gives. */
  public Dataset<PricedOrder> priced() {
    return outcomes.filter(col("reason").isNull()).select(as(pricedEncoder)).as(pricedEncoder);
  }

  /** The invalid orders as they came in (id, total, discount at the input's types) and why each was rejected. */
  public Dataset<RejectedOrder> rejected() {
    return outcomes.filter(col("reason").isNotNull()).select(col("id"), col("total"), col("discount"), col("reason"))
        .as(rejectedEncoder);
  }

  /** Keeps the outcomes once computed (memory, then disk), so priced() and rejected() come from one pass. */
  public PricingSplit persist() {
    return persist(StorageLevel.MEMORY_AND_DISK());
  }

  public PricingSplit persist(StorageLevel level) {
    outcomes.persist(level);
    return this;
  }

  public PricingSplit unpersist() {
    outcomes.unpersist();
    return this;
  }

  /** The encoder's columns, in its order and at its decimal types (the outcome carries the input's). */
  private static Column[] as(Encoder<?> encoder) {
    return Arrays.stream(encoder.schema().fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
  }
}
