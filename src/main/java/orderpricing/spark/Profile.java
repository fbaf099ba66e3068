package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.math.BigDecimal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;

/**
 * One aggregate pass over inputs whose decimals are not declared (JSON, CSV, floating point): the counts, and the
 * widest total and discount among the valid orders, which size the output's decimal columns.
 */
record Profile(long records, long invalid, int totalScale, int discountScale, BigDecimal maxTotal) {

  static Profile of(Dataset<Row> withReasons) {
    Column valid = col("problem").isNull();
    Row r = withReasons.agg(
        count(lit(1)),
        count(col("problem")),
        max(when(valid, fractionDigits(col("total")))),
        max(when(valid, fractionDigits(col("discount")))),
        max(when(valid, col("total")))).first();
    return new Profile(
        r.getLong(0),
        r.getLong(1),
        r.isNullAt(2) ? 0 : r.getInt(2),
        r.isNullAt(3) ? 0 : r.getInt(3),
        r.isNullAt(4) ? BigDecimal.ZERO : r.getDecimal(4));
  }

  /** How many decimals a value really has (12.500000 has 1): one small function, not a chain of roundings. */
  private static final UserDefinedFunction FRACTION_DIGITS = udf(
      (UDF1<BigDecimal, Integer>) v -> v == null ? null : Math.max(0, v.stripTrailingZeros().scale()), DataTypes.IntegerType);

  private static Column fractionDigits(Column c) {
    return FRACTION_DIGITS.apply(c);
  }
}
