package orderpricing.spark;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import orderpricing.pricing.PricedOrder;
import orderpricing.rates.RatesSummary;

/**
 * What a run did, as values: counts that reconcile ({@code inputRecords == priced + rejected}), the sum of prices,
 * where the results are, the first rows of the output, in output order, the customer rates it used, if any, the most
 * common reasons for rejects, and its {@link Outcome}: only a committed run changed its output.
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
    Outcome outcome,
    int inputFiles,
    OptionalLong tableVersion) {

  /** The most reasons a result lists: the most common first. */
  public static final int REASONS = 10;

  /** How a run ended that did not fail. */
  public enum Outcome {
    /** The output (and the rejects) committed. */
    COMMITTED,
    /** More rejects than the run allows: nothing committed. */
    OVER_REJECT_LIMIT,
    /** The table had committed this run's id: nothing done again. */
    ALREADY_COMMITTED,
    /** Only new files asked for, and none found: nothing to commit. */
    NO_NEW_FILES
  }

  public JobResult {
    preview = List.copyOf(preview);
    columns = List.copyOf(columns);
    rates = rates == null ? Optional.empty() : rates;
    rejectReasons = List.copyOf(rejectReasons);
    tableVersion = tableVersion == null ? OptionalLong.empty() : tableVersion;
  }

  /** Whether the run's output and rejects are in place: it committed them now, or an earlier attempt of it did. */
  public boolean committed() {
    return outcome != Outcome.OVER_REJECT_LIMIT;
  }

  public boolean overRejectLimit() {
    return outcome == Outcome.OVER_REJECT_LIMIT;
  }

  public JobResult(long inputRecords, long priced, long rejected, long duplicateIds, BigDecimal priceTotal, long elapsedMs,
      String output, String rejects, List<String> columns, List<PricedOrder> preview) {
    this(inputRecords, priced, rejected, duplicateIds, priceTotal, elapsedMs, output, rejects, columns, preview, Optional.empty(),
        List.of(), Outcome.COMMITTED, 0, OptionalLong.empty());
  }

  /** A run that did nothing, for the reason {@code outcome} gives. */
  static JobResult nothingDone(Outcome outcome, long elapsedMs, String output, String rejects) {
    return new JobResult(0, 0, 0, 0, BigDecimal.ZERO, elapsedMs, output, rejects, List.of(), List.of(), Optional.empty(), List.of(),
        outcome, 0, OptionalLong.empty());
  }
}
