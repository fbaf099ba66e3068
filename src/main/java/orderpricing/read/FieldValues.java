package orderpricing.read;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import orderpricing.pricing.OrderValidator;

/**
 * Turns field values as the formats hold them (JSON tokens, CSV text, Parquet numbers) into exact decimals, or says
 * what is wrong with them in the words of {@link orderpricing.pricing.OrderValidator}.
 *
 * <p>Reading a number never takes longer than a pass over its text: a value beyond the digits an order may have
 * ({@code 1e999999999}, a hundred thousand digits) is never built. BigDecimal would take seconds for such text, or
 * throw for an exponent beyond an int.
 */
public final class FieldValues {
  /** Up to this many characters, text within the limits is read by BigDecimal itself, keeping its scale (1.50). */
  private static final int SHORT_TEXT = 64;

  private FieldValues() {}

  /**
   * A decimal from text such as {@code 12.50} or {@code 1e2}; null when the text is not a number. A number with more
   * digits than an order may carry comes back as a small stand-in of the same sign that {@link OrderValidator}
   * rejects for the same reason (too many decimal places, or too many integer digits): records with such values
   * are rejected, so their value is never used, and their text is kept as it was.
   */
  public static BigDecimal parseDecimal(String text) {
    String t = text.strip();
    int n = t.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) negative = t.charAt(i++) == '-';
    int mantissaStart = i;
    int point = -1;
    int count = 0;   // mantissa digits
    int first = -1;  // index (among the mantissa digits) of the first non-zero one
    int last = -1;   // ... and of the last
    for (; i < n; i++) {
      char c = t.charAt(i);
      if (c >= '0' && c <= '9') {
        if (c != '0') {
          if (first < 0) first = count;
          last = count;
        }
        count++;
      } else if (c == '.' && point < 0) {
        point = count;
      } else {
        break;
      }
    }
    if (count == 0) return null;
    if (point < 0) point = count;
    long exponent = 0;
    if (i < n && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
      i++;
      boolean negativeExponent = false;
      if (i < n && (t.charAt(i) == '+' || t.charAt(i) == '-')) negativeExponent = t.charAt(i++) == '-';
      int expStart = i;
      for (; i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9'; i++) {
        exponent = Math.min(exponent * 10 + (t.charAt(i) - '0'), 1L << 40); // saturates: beyond any limit already
      }
      if (i == expStart) return null;
      if (negativeExponent) exponent = -exponent;
    }
    if (i != n) return null;
    if (first < 0) return BigDecimal.ZERO; // zero however it is written (0e999999999, 0.000...)

    long integerDigits = point - first + exponent;
    long fractionDigits = Math.max(0, (last + 1 - point) - exponent);
    if (fractionDigits > OrderValidator.MAX_FRACTION_DIGITS) {
      return signed(BigDecimal.ONE.movePointLeft(OrderValidator.MAX_FRACTION_DIGITS + 1), negative);
    }
    if (integerDigits > OrderValidator.MAX_INTEGER_DIGITS) {
      return signed(BigDecimal.ONE.movePointRight(OrderValidator.MAX_INTEGER_DIGITS), negative);
    }
    if (n <= SHORT_TEXT) return normalize(new BigDecimal(t));
    // Long text within the limits is mostly zeros: build the value from its significant digits only.
    StringBuilder digits = new StringBuilder(last - first + 1);
    int seen = 0;
    for (int j = mantissaStart; seen <= last; j++) {
      char c = t.charAt(j);
      if (c == '.') continue;
      if (seen >= first) digits.append(c);
      seen++;
    }
    BigDecimal value = new BigDecimal(new BigInteger(digits.toString()), (int) ((last + 1 - point) - exponent));
    return normalize(negative ? value.negate() : value);
  }

  /** A binary floating-point value by its shortest decimal text (0.1 is 0.1), or null for NaN and infinities. */
  public static BigDecimal fromDouble(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) return null;
    return parseDecimal(NumberOutput.toString(value, true));
  }

  public static BigDecimal fromFloat(float value) {
    if (Float.isNaN(value) || Float.isInfinite(value)) return null;
    return parseDecimal(NumberOutput.toString(value, true));
  }

  /** What is wrong with a floating-point value that {@link #fromDouble} refuses. */
  public static String notFinite(String field, double value) {
    return Double.isNaN(value) ? field + " is NaN" : field + " is infinite";
  }

  /**
   * 1E+2 becomes 100: a negative scale means nothing to money columns. Zero loses an exponent of any size. A value
   * too large to carry is left as it is, for {@link OrderValidator} to reject without its digits ever being written
   * out (1E+999999999 would be a billion digits).
   */
  static BigDecimal normalize(BigDecimal value) {
    if (value.signum() == 0) return value.scale() < 0 || value.scale() > OrderValidator.MAX_FRACTION_DIGITS ? BigDecimal.ZERO : value;
    if (value.scale() >= 0) return value;
    return (long) value.precision() - value.scale() <= OrderValidator.MAX_INTEGER_DIGITS ? value.setScale(0) : value;
  }

  /** Longest stretch of a field's text a problem quotes. */
  private static final int QUOTED_CHARS = 40;

  /**
   * A field's text as a problem quotes it ({@code total is not a number: "abc"}): at most {@value #QUOTED_CHARS}
   * characters, and on one line, so a reason stays one short line whatever the input held.
   */
  public static String quote(String text) {
    String shown = text.length() > QUOTED_CHARS ? text.substring(0, QUOTED_CHARS) + "…" : text;
    return "\"" + printable(shown) + "\"";
  }

  /** The text with line breaks and other control characters written as escapes ({@code \\n}, {@code \\u2028}). */
  public static String printable(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
          && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      if (control && out == null) out = new StringBuilder(text.length() + 8).append(text, 0, i);
      if (out == null) continue;
      if (c == '\n') out.append("\\n");
      else if (c == '\r') out.append("\\r");
      else if (c == '\t') out.append("\\t");
      else if (control) out.append(String.format("\\u%04x", (int) c));
      else out.append(c);
    }
    return out == null ? text : out.toString();
  }

  private static BigDecimal signed(BigDecimal value, boolean negative) {
    return negative ? value.negate() : value;
  }
}
