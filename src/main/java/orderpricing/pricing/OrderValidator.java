package orderpricing.pricing;

import java.math.BigDecimal;

/**
 * Decides whether an order can be priced. A problem is one short phrase that starts with the field's name
 * ({@code total is missing}); every reader reports its own problems (a string where a number belongs, a line
 * that does not parse) in the same words.
 */
public final class OrderValidator {
  /** Decimals are carried through Spark as DECIMAL(38, 18): up to 20 digits before the point and 18 after. */
  public static final int MAX_INTEGER_DIGITS = 20;
  public static final int MAX_FRACTION_DIGITS = 18;

  private OrderValidator() {}

  /** Returns what is wrong with the order, or null when it can be priced: the first problem in field order. */
  public static String problem(String id, BigDecimal total, BigDecimal discount) {
    return first(idProblem(id), totalProblem(total), discountProblem(discount));
  }

  public static String idProblem(String id) {
    if (id == null) return "id is missing";
    if (id.isBlank()) return "id is empty";
    return null;
  }

  public static String totalProblem(BigDecimal total) {
    if (total == null) return "total is missing";
    if (total.signum() < 0) return "total is negative";
    return outOfRange("total", total);
  }

  /** A missing discount is valid: no discount. */
  public static String discountProblem(BigDecimal discount) {
    if (discount == null) return null;
    if (discount.signum() < 0 || discount.compareTo(BigDecimal.ONE) > 0) return "discount is outside [0, 1]";
    return outOfRange("discount", discount);
  }

  /** The first non-null problem, so each record reports the first thing wrong with it in field order. */
  public static String first(String... problems) {
    for (String p : problems) if (p != null) return p;
    return null;
  }

  public static String problem(Order order) {
    return problem(order.getId(), order.getTotal(), order.getDiscount());
  }

  /**
   * A decimal the pipeline cannot carry exactly, named by field, or null when it fits. Works from precision and scale,
   * so a value such as 1E+999999999 is judged without its digits ever being written out.
   */
  public static String outOfRange(String field, BigDecimal value) {
    if (value.signum() == 0) return null;
    int scale = value.scale();
    int precision = value.precision();
    long integerDigits = (long) precision - scale; // the same once trailing zeros are stripped
    long fractionDigits;
    if (scale <= MAX_FRACTION_DIGITS) {
      fractionDigits = Math.max(scale, 0); // fits as it is: the common case, without stripping zeros
    } else if ((long) scale - MAX_FRACTION_DIGITS >= precision) {
      fractionDigits = scale; // too few digits to be that many trailing zeros
    } else {
      fractionDigits = Math.max(value.stripTrailingZeros().scale(), 0); // at most `precision` digits to look at
    }
    return digitsProblem(field, integerDigits, fractionDigits);
  }

  /** The problem of a number with so many digits after and before the point, or null when it fits. */
  public static String digitsProblem(String field, long integerDigits, long fractionDigits) {
    if (fractionDigits > MAX_FRACTION_DIGITS) return field + " has more than " + MAX_FRACTION_DIGITS + " decimal places";
    if (integerDigits > MAX_INTEGER_DIGITS) return field + " has more than " + MAX_INTEGER_DIGITS + " integer digits";
    return null;
  }
}
