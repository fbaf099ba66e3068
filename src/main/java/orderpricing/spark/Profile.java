package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One aggregate pass over inputs whose decimals are not declared (JSON, CSV, floating point): the counts, and the
 * widest total and discount among the valid orders, which size the output's decimal columns. Also the id counts
 * {@link DuplicateIds} needs, so such inputs are not read once more for them.
 */
record Profile(long records, long invalid, int totalScale, int discountScale, BigDecimal maxTotal, long ids, long distinctIdHashes) {

  static Profile of(Dataset<Row> withReasons) {
    Column valid = col("problem").isNull();
    Row r = withReasons.agg(
        count(lit(1)),
        count(col("problem")),
        max(when(valid, fractionDigits(col("total")))),
        max(when(valid, fractionDigits(col("discount")))),
        max(when(valid, col("total"))),
        count(col("id")),
        DuplicateIds.distinctHashes()).first();
    return new Profile(
        r.getLong(0),
        r.getLong(1),
        r.isNullAt(2) ? 0 : r.getInt(2),
        r.isNullAt(3) ? 0 : r.getInt(3),
        r.isNullAt(4) ? BigDecimal.ZERO : r.getDecimal(4),
        r.getLong(5),
        r.getLong(6));
  }

  /** How many decimals a value really has (12.500000 has 1). */
  private static Column fractionDigits(Column c) {
    Column digits = lit(StagedOrders.WIDEST.scale());
    for (int s = StagedOrders.WIDEST.scale() - 1; s >= 0; s--) {
      digits = when(c.equalTo(round(c, s)), lit(s)).otherwise(digits);
    }
    return when(c.isNull(), lit(null)).otherwise(digits);
  }
}
