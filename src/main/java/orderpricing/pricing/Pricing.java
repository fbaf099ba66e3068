package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The pricing rule, in exact decimal arithmetic:
 *
 * <pre>
 *   discount_amount = round(total × discount)
 *   tax             = round((total − discount_amount) × tax_rate)
 *   price           = round(total − discount_amount + tax)
 * </pre>
 *
 * rounding to the currency scale with the chosen rounding mode, so the columns of a priced order add up like an
 * invoice. Immutable and serializable: Spark ships one copy to each executor.
 */
public final class Pricing implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Exact decimals are carried in at most this many digits (Spark's and Parquet's widest DECIMAL). */
  public static final int MAX_DIGITS = 38;

  /** The largest total an order may have: 20 nines before the point and 18 after. */
  private static final BigDecimal LARGEST_TOTAL = BigDecimal.ONE.movePointRight(OrderValidator.MAX_INTEGER_DIGITS)
      .subtract(BigDecimal.ONE.movePointLeft(OrderValidator.MAX_FRACTION_DIGITS));

  private final BigDecimal taxRate;
  private final int scale;
  private final RoundingMode rounding;

  public Pricing(BigDecimal taxRate, int scale, RoundingMode rounding) {
    this.taxRate = Objects.requireNonNull(taxRate, "taxRate");
    this.rounding = Objects.requireNonNull(rounding, "rounding");
    if (taxRate.signum() < 0) throw new IllegalArgumentException("tax rate must not be negative: " + taxRate);
    if (scale < 0 || scale > 18) throw new IllegalArgumentException("scale must be between 0 and 18: " + scale);
    if (rounding == RoundingMode.UNNECESSARY) throw new IllegalArgumentException("rounding UNNECESSARY cannot round money");
    this.scale = scale;
  }

  /** Tax 10%, cents, half up: the rule of the lesson this product grew out of. */
  public static Pricing standard() {
    return new Pricing(new BigDecimal("0.1"), 2, RoundingMode.HALF_UP);
  }

  /** Prices a valid order (see {@link OrderValidator}); a missing discount means none. */
  public PricedOrder price(Order order) {
    BigDecimal total = order.getTotal();
    if (total == null) throw new IllegalArgumentException("total is missing in order " + order.getId());
    BigDecimal rate = order.getDiscount() == null ? BigDecimal.ZERO : order.getDiscount();
    BigDecimal discountAmount = total.multiply(rate).setScale(scale, rounding);
    BigDecimal afterDiscount = total.subtract(discountAmount);
    BigDecimal tax = afterDiscount.multiply(taxRate).setScale(scale, rounding);
    BigDecimal price = afterDiscount.add(tax).setScale(scale, rounding);
    return new PricedOrder(order.getId(), total, rate, discountAmount, tax, price);
  }

  /**
   * The digits a money column needs to hold the price of every valid order at this scale. The rule only grows with
   * the total and shrinks with the discount (every rounding mode is monotonic), so the largest price is that of the
   * largest valid total without discount.
   */
  public int moneyDigits() {
    BigDecimal largest = price(new Order("largest", LARGEST_TOTAL, null)).getPrice();
    int integerDigits = Math.max(1, largest.precision() - largest.scale());
    return integerDigits + scale;
  }

  /** Why prices at this tax rate and scale cannot be held in {@link #MAX_DIGITS} digits, or null when they can. */
  public String digitsProblem() {
    int digits = moneyDigits();
    return digits <= MAX_DIGITS ? null : "prices of the largest valid totals (" + OrderValidator.MAX_INTEGER_DIGITS
        + " integer digits) need " + digits + " digits, more than " + MAX_DIGITS;
  }

  public BigDecimal taxRate() { return taxRate; }
  public int scale() { return scale; }
  public RoundingMode rounding() { return rounding; }

  @Override
  public String toString() { return "tax rate " + taxRate.toPlainString() + ", scale " + scale + ", rounding " + rounding; }
}
