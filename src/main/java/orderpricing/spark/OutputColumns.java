package orderpricing.spark;

import orderpricing.spark.internal.DecimalBeanEncoder;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import orderpricing.spark.input.Profile;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;

/**
 * The output's decimal types, as narrow as the data allows (totals under 10,000 need DECIMAL(6, 2), not
 * DECIMAL(38, 18)): narrower decimals are smaller and faster in Parquet and in the typed map, and print as money in
 * JSON and CSV.
 *
 * @param totalIntegerDigits digits before the point of the largest total
 * @param totalScale         decimals of the total column (at least the currency scale)
 * @param discountScale      decimals of the discount column
 */
record OutputColumns(int totalIntegerDigits, int totalScale, int discountScale) {

  /** From the types the inputs declare. */
  static OutputColumns declared(DecimalType total, DecimalType discount) {
    return new OutputColumns(Math.max(1, total.precision() - total.scale()), total.scale(), discount.scale());
  }

  /** From the largest total and the decimals the data really has. */
  static OutputColumns measured(Profile profile) {
    return new OutputColumns(integerDigits(profile.maxTotal()), profile.totalScale(), profile.discountScale());
  }

  /** The same columns, with a discount column wide enough for this type's values too (customers' rates). */
  OutputColumns withDiscount(DecimalType discount) {
    return new OutputColumns(totalIntegerDigits, totalScale, Math.max(discountScale, discount.scale()));
  }

  /** The total column: its integer digits, and at least the currency scale. */
  DecimalType total(Pricing pricing) {
    int decimals = Math.max(pricing.scale(), totalScale);
    return DataTypes.createDecimalType(Math.min(38, totalIntegerDigits + decimals), decimals);
  }

  /** The applied rate, at most 1. */
  DecimalType discount() {
    return DataTypes.createDecimalType(Math.max(1, discountScale + 1), discountScale);
  }

  /** Discount amount, tax and price: at most the total × (1 + tax rate), at the currency scale. */
  DecimalType money(Pricing pricing) {
    BigDecimal largestTotal = BigDecimal.TEN.pow(totalIntegerDigits);
    int priceDigits = integerDigits(largestTotal.multiply(BigDecimal.ONE.add(pricing.taxRate())));
    return DataTypes.createDecimalType(Math.min(38, priceDigits + pricing.scale()), pricing.scale());
  }

  /** Encodes priced orders straight into the output's decimal types. */
  Encoder<PricedOrder> pricedOrders(Pricing pricing) {
    DecimalType money = money(pricing);
    return DecimalBeanEncoder.of(PricedOrder.class, Map.of(
        "total", total(pricing), "discount", discount(), "discountAmount", money, "tax", money, "price", money));
  }

  /** A priced order as the output holds it: its total and discount at their columns' scales, as Spark writes them. */
  PricedOrder asWritten(PricedOrder o, Pricing pricing) {
    return new PricedOrder(o.getId(), rescale(o.getTotal(), total(pricing)), rescale(o.getDiscount(), discount()),
        o.getDiscountAmount(), o.getTax(), o.getPrice());
  }

  private static BigDecimal rescale(BigDecimal value, DecimalType type) {
    return value == null ? null : value.setScale(type.scale(), RoundingMode.HALF_UP);
  }

  /** The output's column names, in the order the interface gives them. */
  static final List<String> NAMES = List.of("id", "total", "discount", "discount_amount", "tax", "price");

  /** The priced orders' properties that hold them, in the same order. */
  private static final List<String> PROPERTIES = List.of("id", "total", "discount", "discountAmount", "tax", "price");

  /** The priced orders' properties as the output's columns, named and ordered as {@link #NAMES}. */
  static Column[] names() {
    return names(org.apache.spark.sql.functions::col);
  }

  /** The same, each property found by {@code property} (in a struct, say). */
  static Column[] names(java.util.function.Function<String, Column> property) {
    Column[] columns = new Column[NAMES.size()];
    for (int i = 0; i < columns.length; i++) columns[i] = property.apply(PROPERTIES.get(i)).as(NAMES.get(i));
    return columns;
  }


  private static int integerDigits(BigDecimal value) {
    BigDecimal v = value.abs().setScale(0, RoundingMode.CEILING);
    return Math.max(1, v.signum() == 0 ? 1 : v.precision());
  }
}
