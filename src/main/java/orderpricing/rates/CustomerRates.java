package orderpricing.rates;

import java.util.Optional;
import orderpricing.read.RecordStep;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;

/**
 * A run's customer rates, open for the length of the run: the transformation that gives each staged order the
 * discount it is priced at (or the reason it cannot be), with the same state of the rates table in every task and
 * every pass over the orders. Close it when the run is over.
 */
public interface CustomerRates extends AutoCloseable {
  /**
   * The staged records with the rule of {@link orderpricing.pricing.RateChoice} applied to those still valid:
   * {@code discount} becomes the rate they are priced at, or {@code problem} says why they cannot be. Needs the
   * columns {@code id}, {@code total}, {@code discount}, {@code customer_id}, {@code problem} and {@code record};
   * every other column passes through. Partitions and row order are kept: no shuffle.
   */
  Dataset<Row> apply(Dataset<Row> staged);

  /**
   * The same rule, for the records of a run's inputs as the readers give them, before they are staged: the record's
   * discount becomes its rate, or its problem says why it cannot be priced. Order and count are kept.
   */
  RecordStep records();

  /** The discount column's type after {@link #apply}: wide enough for the orders' own discounts and every rate. */
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
