package orderpricing.spark;

import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * What a run did, as values: counts that reconcile ({@code inputRecords == priced + rejected}), the sum of prices,
 * where the results are, and the first rows of the output.
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
    List<Row> preview) {

  public JobResult {
    preview = List.copyOf(preview);
    columns = List.copyOf(columns);
  }
}
