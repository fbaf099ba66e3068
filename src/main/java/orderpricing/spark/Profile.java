package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One aggregate pass over the staged records, before anything is written: the counts, the first invalid record (for
 * fail-fast), duplicate ids, and the widest total and discount, which size the output's decimal columns.
 */
record Profile(long records, long invalid, Row firstInvalid, long duplicateIds, int totalScale, int discountScale, BigDecimal maxTotal) {

  static Profile of(Dataset<Row> staged) {
    Column valid = col("problem").isNull();
    Row r = staged.agg(
        count(lit(1)),
        count(col("problem")),
        min(when(col("problem").isNotNull(), struct(col("source"), col("position"), col("id"), col("problem")))),
        count(col("id")).minus(count_distinct(col("id"))),
        max(when(valid, fractionDigits(col("total")))),
        max(when(valid, fractionDigits(col("discount")))),
        max(when(valid, col("total")))).first();
    return new Profile(
        r.getLong(0),
        r.getLong(1),
        r.isNullAt(2) ? null : r.getStruct(2),
        r.getLong(3),
        r.isNullAt(4) ? 0 : r.getInt(4),
        r.isNullAt(5) ? 0 : r.getInt(5),
        r.isNullAt(6) ? BigDecimal.ZERO : r.getDecimal(6));
  }

  /** How many decimals a DECIMAL(38, 18) value really has (12.500000 has 1). */
  private static Column fractionDigits(Column c) {
    Column digits = lit(StagedOrders.MONEY.scale());
    for (int s = StagedOrders.MONEY.scale() - 1; s >= 0; s--) {
      digits = when(c.equalTo(round(c, s)), lit(s)).otherwise(digits);
    }
    return when(c.isNull(), lit(null)).otherwise(digits);
  }
}
