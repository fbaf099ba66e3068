package orderpricing.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import orderpricing.pricing.OrderValidator;
import org.junit.jupiter.api.Test;

class FieldValuesTest {
  /** What the validator makes of the text: null when it is a total that can be priced. */
  private static String totalProblem(String text) {
    return OrderValidator.totalProblem(FieldValues.parseDecimal(text));
  }

  @Test
  void numbersInAnyFormAreExact() {
    assertThat(FieldValues.parseDecimal("12.50").toPlainString()).isEqualTo("12.50");
    assertThat(FieldValues.parseDecimal("1e2").toPlainString()).isEqualTo("100");
    assertThat(FieldValues.parseDecimal(" +3 ").toPlainString()).isEqualTo("3");
    assertThat(FieldValues.parseDecimal(".5").toPlainString()).isEqualTo("0.5");
    assertThat(FieldValues.parseDecimal("5.").toPlainString()).isEqualTo("5");
    assertThat(FieldValues.parseDecimal("-2.5E-3").toPlainString()).isEqualTo("-0.0025");
    assertThat(FieldValues.parseDecimal("99999999999999999999.999999999999999999").toPlainString())
        .isEqualTo("99999999999999999999.999999999999999999");
  }

  @Test
  void textThatIsNoNumberIsNull() {
    for (String t : new String[] {"", " ", "abc", "NaN", "Infinity", "-", ".", "1e", "e5", "1.2.3", "0x10", "1_000", "--1",
        "1e+", "\u0661\u0662", "12 34", "1,5"}) {
      assertThat(FieldValues.parseDecimal(t)).as("'%s'", t).isNull();
    }
  }

  @Test
  void hugeAndTinyNumbersAreRejectedByTheirDigitsWithoutBeingBuilt() {
    assertThat(totalProblem("1e999999999")).isEqualTo("total has more than 20 integer digits");
    assertThat(totalProblem("1e2000000")).isEqualTo("total has more than 20 integer digits");
    assertThat(totalProblem("1E+99999999999999999999")).isEqualTo("total has more than 20 integer digits");
    assertThat(totalProblem("7".repeat(100_000))).isEqualTo("total has more than 20 integer digits");
    assertThat(totalProblem("1e-999999999")).isEqualTo("total has more than 18 decimal places");
    assertThat(totalProblem("1e-99999999999")).isEqualTo("total has more than 18 decimal places");
    assertThat(totalProblem("0." + "0".repeat(100_000) + "1")).isEqualTo("total has more than 18 decimal places");
    assertThat(totalProblem("123456789012345678901")).isEqualTo("total has more than 20 integer digits");
    assertThat(totalProblem("1.1234567890123456789")).isEqualTo("total has more than 18 decimal places");
    assertThat(totalProblem("-1e999999999")).isEqualTo("total is negative");
  }

  @Test
  void longTextWithinTheLimitsIsExact() {
    assertThat(FieldValues.parseDecimal("0".repeat(100_000) + "1.5" + "0".repeat(100_000))).isEqualByComparingTo("1.5");
    assertThat(FieldValues.parseDecimal("0.000001e6" + "")).isEqualByComparingTo("1");
    assertThat(FieldValues.parseDecimal("1" + "0".repeat(19) + "." + "0".repeat(1000))).isEqualByComparingTo("1e19");
    assertThat(totalProblem("1" + "0".repeat(19) + "." + "0".repeat(1000))).isNull();
    assertThat(FieldValues.parseDecimal("12345e-" + "0".repeat(1000) + "4")).isEqualByComparingTo("1.2345");
  }

  @Test
  void zeroIsZeroWhateverItsExponent() {
    for (String t : new String[] {"0e999999999", "0e-999999999", "0e99999999999", "-0.000", "0." + "0".repeat(100_000)}) {
      assertThat(FieldValues.parseDecimal(t)).as(t).isEqualByComparingTo(BigDecimal.ZERO);
      assertThat(totalProblem(t)).as(t).isNull();
    }
  }

  @Test
  void floatingPointValuesByTheirShortestText() {
    assertThat(FieldValues.fromFloat(19.99f).toPlainString()).isEqualTo("19.99");
    assertThat(FieldValues.fromDouble(0.1).toPlainString()).isEqualTo("0.1");
    assertThat(FieldValues.fromDouble(1e300).toPlainString()).hasSizeLessThan(30); // never 301 digits
    assertThat(OrderValidator.totalProblem(FieldValues.fromDouble(Double.MAX_VALUE))).isEqualTo("total has more than 20 integer digits");
    assertThat(OrderValidator.totalProblem(FieldValues.fromDouble(Double.MIN_VALUE))).isEqualTo("total has more than 18 decimal places");
    assertThat(FieldValues.fromDouble(Double.NaN)).isNull();
  }
}
