package orderpricing.spark;

import java.math.BigDecimal;
import java.util.List;
import orderpricing.pricing.PricedOrder;

/**
 * What a run did, as values: counts that reconcile ({@code inputRecords == priced + rejected}), the sum of prices,
 * where the results are, and the first rows of the output, in output order.
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
    List<PricedOrder> preview) {

  public JobResult {
    preview = List.copyOf(preview);
    columns = List.copyOf(columns);
  }
}
