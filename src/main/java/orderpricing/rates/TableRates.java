package orderpricing.rates;

import java.util.Optional;
import orderpricing.read.RecordStep;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/** A rates table in use for one run, looked up one way or the other ({@link RateLookup}). */
final class TableRates implements CustomerRates {
  private final RateLookup lookup;
  private final int decimals;
  private final String source;
  private final long customers;
  private final RatesLookup mode;
  private final AutoCloseable held;
  private final UnknownCustomers unknown = new UnknownCustomers();

  /**
   * @param decimals the most decimals a valid rate of the table has
   * @param held     what stays open for the run (the snapshot the executors read), closed with it
   */
  TableRates(SparkSession spark, RateLookup lookup, int decimals, String source, long customers, RatesLookup mode, AutoCloseable held) {
    this.lookup = lookup;
    this.decimals = decimals;
    this.source = source;
    this.customers = customers;
    this.mode = mode;
    this.held = held;
    spark.sparkContext().register(unknown, "customers without a rate");
  }

  /** A whole table in memory, sent once to each executor. */
  static TableRates broadcast(SparkSession spark, RatesTable table, String source) {
    var copy = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(table);
    return new TableRates(spark, new BroadcastLookup(copy), table.decimals(), source, table.customers(), RatesLookup.BROADCAST, null);
  }

  @Override
  public RecordStep records() {
    return new RecordRates(lookup, unknown);
  }

  @Override
  public DecimalType discountType(DecimalType own) {
    int scale = Math.max(own.scale(), decimals);
    int integer = Math.max(1, own.precision() - own.scale());
    return DataTypes.createDecimalType(Math.min(38, integer + scale), scale);
  }

  @Override
  public Optional<RatesSummary> summary() {
    return Optional.of(new RatesSummary(source, customers, mode.label(), unknown.value().size()));
  }

  @Override
  public void close() {
    if (held == null) return;
    try {
      held.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot close the rates snapshot: " + e.getMessage(), e);
    }
  }
}
