package orderpricing.spark;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import orderpricing.pricing.PricedOrder;
import orderpricing.rates.RatesSummary;

/**
 * What a run did, as values: counts that reconcile ({@code inputRecords == priced + rejected}), the sum of prices,
 * where the results are, the first rows of the output, in output order, the customer rates it used, if any, the most
 * common reasons for rejects, and whether it was over its reject limit, in which case nothing was committed.
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
    Optional<RatesSummary> rates,
    List<RejectCount> rejectReasons,
    boolean overRejectLimit) {

  /** The most reasons a result lists: the most common first. */
  public static final int REASONS = 10;

  public JobResult {
    preview = List.copyOf(preview);
    columns = List.copyOf(columns);
    rates = rates == null ? Optional.empty() : rates;
    rejectReasons = List.copyOf(rejectReasons);
  }

  /** Whether the output and the rejects were committed: every run within its reject limit is. */
  public boolean committed() {
    return !overRejectLimit;
  }

  public JobResult(long inputRecords, long priced, long rejected, long duplicateIds, BigDecimal priceTotal, long elapsedMs,
      String output, String rejects, List<String> columns, List<PricedOrder> preview) {
    this(inputRecords, priced, rejected, duplicateIds, priceTotal, elapsedMs, output, rejects, columns, preview, Optional.empty(),
        List.of(), false);
  }
}
