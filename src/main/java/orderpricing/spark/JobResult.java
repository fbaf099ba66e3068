package orderpricing.spark;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import orderpricing.pricing.PricedOrder;
import orderpricing.rates.RatesSummary;

/**
 * What a run did, as values: counts that reconcile ({@code inputRecords == priced + rejected}), the sum of prices,
 * where the results are, the first rows of the output, in output order, and the customer rates it used, if any.
 */
public record JobResult(
    long inputRecords,
    long priced,
    long rejected,
    long duplicateIds,
    BigDecimal priceTotal,
    long elapsedMs,
    String output,
    String rejects,
    List<String> columns,
    List<PricedOrder> preview,
    Optional<RatesSummary> rates) {

  public JobResult {
    preview = List.copyOf(preview);
    columns = List.copyOf(columns);
    rates = rates == null ? Optional.empty() : rates;
  }

  public JobResult(long inputRecords, long priced, long rejected, long duplicateIds, BigDecimal priceTotal, long elapsedMs,
      String output, String rejects, List<String> columns, List<PricedOrder> preview) {
    this(inputRecords, priced, rejected, duplicateIds, priceTotal, elapsedMs, output, rejects, columns, preview, Optional.empty());
  }
}
