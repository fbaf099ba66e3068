package orderpricing.read;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;

/**
 * Turns field values as the formats hold them (JSON tokens, CSV text, Parquet numbers) into exact decimals, or says
 * what is wrong with them in the words of {@link orderpricing.pricing.OrderValidator}.
 */
public final class FieldValues {
  private FieldValues() {}

  /** A decimal from text such as {@code 12.50} or {@code 1e2}; null when the text is not a number. */
  public static BigDecimal parseDecimal(String text) {
    String t = text.strip();
    if (t.isEmpty() || !looksNumeric(t)) return null;
    try {
      return normalize(new BigDecimal(t));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** A binary floating-point value by its shortest decimal text (0.1 is 0.1), or null for NaN and infinities. */
  public static BigDecimal fromDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) return null;
    return normalize(new BigDecimal(NumberOutput.toString(value, true)));
  }

  public static BigDecimal fromFloat(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) return null;
    return normalize(new BigDecimal(NumberOutput.toString(value, true)));
  }

  /** What is wrong with a floating-point value that {@link #fromDouble} refuses. */
  public static String notFinite(String field, double value) {
    return Double.isNaN(value) ? field + " is NaN" : field + " is infinite";
  }

  /** 1E+2 becomes 100: a negative scale means nothing to money columns. */
  static BigDecimal normalize(BigDecimal value) {
    return value.scale() < 0 ? value.setScale(0) : value;
  }

  // BigDecimal also takes forms like "1.5e-3"; refuse words such as NaN or Infinity before it is asked.
  private static boolean looksNumeric(String t) {
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) return false;
    }
    return true;
  }
}
