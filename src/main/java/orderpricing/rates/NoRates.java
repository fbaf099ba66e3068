package orderpricing.rates;

import java.util.Optional;
import orderpricing.read.RecordStep;
import org.apache.spark.sql.types.DecimalType;

/** A run without customer rates. */
final class NoRates implements CustomerRates {
  static final NoRates INSTANCE = new NoRates();

  private NoRates() {}

  @Override public RecordStep records() { return RecordStep.NONE; }
  @Override public DecimalType discountType(DecimalType ownDiscounts) { return ownDiscounts; }
  @Override public Optional<RatesSummary> summary() { return Optional.empty(); }
  @Override public void close() {}
}
