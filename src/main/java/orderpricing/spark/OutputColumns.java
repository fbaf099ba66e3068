package orderpricing.spark;

import static org.apache.spark.sql.functions.col;

import java.math.BigDecimal;
import java.math.RoundingMode;
import orderpricing.pricing.Pricing;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.types.DataTypes;

/**
 * The output's six columns with decimal types as narrow as the data allows (a total of 150.00 needs DECIMAL(5, 2),
 * not DECIMAL(38, 18)): narrower decimals are smaller and faster in Parquet, and print as money in JSON and CSV.
 */
final class OutputColumns {
  private OutputColumns() {}

  static Column[] of(Pricing pricing, Profile profile) {
    int scale = pricing.scale();
    int totalScale = Math.max(scale, profile.totalScale());
    int integerDigits = integerDigits(profile.maxTotal());
    // Discount and tax are at most the total; the price at most total × (1 + tax rate), rounded up.
    BigDecimal priceBound = profile.maxTotal().multiply(BigDecimal.ONE.add(pricing.taxRate())).setScale(0, RoundingMode.CEILING);
    int moneyPrecision = Math.min(38, Math.max(integerDigits, integerDigits(priceBound)) + 1 + scale);
    int discountScale = profile.discountScale();
    return new Column[] {
        col("id"),
        col("total").cast(DataTypes.createDecimalType(Math.min(38, integerDigits + totalScale), totalScale)).as("total"),
        col("discount").cast(DataTypes.createDecimalType(discountScale + 1, discountScale)).as("discount"),
        col("discountAmount").cast(DataTypes.createDecimalType(moneyPrecision, scale)).as("discount_amount"),
        col("tax").cast(DataTypes.createDecimalType(moneyPrecision, scale)).as("tax"),
        col("price").cast(DataTypes.createDecimalType(moneyPrecision, scale)).as("price"),
    };
  }

  private static int integerDigits(BigDecimal value) {
    BigDecimal v = value.abs().setScale(0, RoundingMode.DOWN);
    return Math.max(1, v.signum() == 0 ? 1 : v.precision());
  }
}
