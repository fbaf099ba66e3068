package orderpricing.pricing;

import java.math.BigDecimal;

/** Value equality for decimals: 1.50 and 1.5 are the same amount (Spark hands decimals back at their column's scale). */
final class Numbers {
  private Numbers() {}

  static boolean sameValue(BigDecimal a, BigDecimal b) {
    return a == null ? b == null : b != null && a.compareTo(b) == 0;
  }
}
