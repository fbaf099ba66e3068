package orderpricing.pricing;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * The discount rate an order gets when customers have rates of their own: the order's own discount wins; otherwise
 * its customer's rate from the rates table; an order with neither a discount nor a customer has no discount. An
 * order that relies on its customer's rate is rejected when the customer is not in the table or its rate is bad.
 *
 * <p>A choice is either a rate ({@code null}: no discount) or the problem that keeps the order from being priced,
 * naming the customer. What the table holds for one customer is itself a choice ({@link #ofTable}), made once per
 * customer rather than once per order.
 */
public record RateChoice(BigDecimal rate, String problem) implements Serializable {
  /** No discount: an order without one of its own and without a customer. */
  public static final RateChoice NONE = new RateChoice(null, null);

  /** Whether the order's rate comes from the table: it has no discount of its own, but a customer. */
  public static boolean needsTableRate(BigDecimal ownDiscount, String customerId) {
    return ownDiscount == null && customerId != null;
  }

  /**
   * The rule. {@code fromTable} is what the table gives the customer ({@link #ofTable}), null when the customer is
   * not in it.
   */
  public static RateChoice choose(BigDecimal ownDiscount, String customerId, RateChoice fromTable) {
    if (ownDiscount != null) return new RateChoice(ownDiscount, null);
    if (customerId == null) return NONE;
    return fromTable != null ? fromTable : new RateChoice(null, "customer " + customerId + " has no rate");
  }

  /**
   * What a rates table's row gives its customer's orders, from the rate as the table holds it (its text; null for
   * SQL NULL): the rate, or why it cannot be applied.
   */
  public static RateChoice ofTable(String customerId, String rateText) {
    if (rateText == null) return bad(customerId, "a null rate");
    BigDecimal rate = parse(rateText);
    if (rate == null) return bad(customerId, "a rate that is not a number: \"" + rateText + "\"");
    return ofTable(customerId, rate);
  }

  public static RateChoice ofTable(String customerId, BigDecimal rate) {
    if (rate == null) return bad(customerId, "a null rate");
    if (rate.signum() < 0 || rate.compareTo(BigDecimal.ONE) > 0) return bad(customerId, "a rate outside [0, 1]: " + rate.toPlainString());
    if (OrderValidator.outOfRange("rate", rate) != null) {
      return bad(customerId, "a rate with more than " + OrderValidator.MAX_FRACTION_DIGITS + " decimal places: " + rate.toPlainString());
    }
    return new RateChoice(rate.scale() < 0 ? rate.setScale(0) : rate, null);
  }

  /** Decimals the rate really has (0.10 has 1), which the output's discount column must hold; 0 for no rate. */
  public int decimals() {
    return rate == null ? 0 : Math.max(0, rate.stripTrailingZeros().scale());
  }

  private static RateChoice bad(String customerId, String what) {
    return new RateChoice(null, "customer " + customerId + " has " + what);
  }

  /** A decimal from text such as {@code 0.15} or {@code 1.5e-1}; null when it is no number (words such as NaN too). */
  private static BigDecimal parse(String text) {
    String t = text.strip();
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return null;
    }
    try {
      return t.isEmpty() ? null : new BigDecimal(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
