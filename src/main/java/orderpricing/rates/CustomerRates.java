package orderpricing.rates;

import java.util.Optional;
import orderpricing.read.RecordStep;
import org.apache.spark.sql.types.DecimalType;

/**
 * A run's customer rates, open for the length of the run: the transformation that gives each staged order the
 * discount it is priced at (or the reason it cannot be), with the same state of the rates table in every task and
 * every pass over the orders. Close it when the run is over.
 */
public interface CustomerRates extends AutoCloseable {
  /**
   * The rule of {@link orderpricing.pricing.RateChoice} for records still valid, as the readers give them (and the
   * library's orders, made records): the record's discount becomes the rate it is priced at, or its problem says why
   * it cannot be priced. Order and count are kept. The job and the library apply rates by this one step.
   */
  RecordStep records();

  /** The discount column's type after {@link #records}: wide enough for the orders' own discounts and every rate. */
  DecimalType discountType(DecimalType ownDiscounts);

  /** For the run's summary, once the orders have been priced; empty without rates. */
  Optional<RatesSummary> summary();

  @Override
  void close();

  /** No rates: the orders keep their own discounts. */
  static CustomerRates none() {
    return NoRates.INSTANCE;
  }
}
