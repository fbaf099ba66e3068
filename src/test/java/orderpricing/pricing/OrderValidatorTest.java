package orderpricing.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class OrderValidatorTest {
  private static BigDecimal d(String s) { return new BigDecimal(s); }

  @Test
  void aValidOrderHasNoProblem() {
    assertThat(OrderValidator.problem("A", d("10"), d("0.5"))).isNull();
    assertThat(OrderValidator.problem("A", d("0"), null)).isNull();
    assertThat(OrderValidator.problem("A", d("10"), d("1"))).isNull();
    assertThat(OrderValidator.problem("A", d("10"), d("0"))).isNull();
  }

  @Test
  void eachProblemNamesItsField() {
    assertThat(OrderValidator.problem(null, d("10"), null)).isEqualTo("id is missing");
    assertThat(OrderValidator.problem(" ", d("10"), null)).isEqualTo("id is empty");
    assertThat(OrderValidator.problem("A", null, null)).isEqualTo("total is missing");
    assertThat(OrderValidator.problem("A", d("-0.01"), null)).isEqualTo("total is negative");
    assertThat(OrderValidator.problem("A", d("10"), d("1.01"))).isEqualTo("discount is outside [0, 1]");
    assertThat(OrderValidator.problem("A", d("10"), d("-0.1"))).isEqualTo("discount is outside [0, 1]");
  }

  @Test
  void theFirstProblemInFieldOrderIsReported() {
    assertThat(OrderValidator.problem(null, null, d("2"))).isEqualTo("id is missing");
    assertThat(OrderValidator.problem("A", null, d("2"))).isEqualTo("total is missing");
  }

  @Test
  void decimalsBeyondWhatSparkCarriesAreRefusedNotRounded() {
    assertThat(OrderValidator.problem("A", d("1.1234567890123456789"), null)).isEqualTo("total has more than 18 decimal places");
    assertThat(OrderValidator.problem("A", d("1.123456789012345678000"), null)).isNull(); // trailing zeros are no loss
    assertThat(OrderValidator.problem("A", d("123456789012345678901"), null)).isEqualTo("total has more than 20 integer digits");
    assertThat(OrderValidator.problem("A", d("12345678901234567890.5"), null)).isNull();
  }

  @Test
  void hugeExponentsAreJudgedFromPrecisionAndScale() {
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("1E+999999999"))).isEqualTo("total has more than 20 integer digits");
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("1E-999999999"))).isEqualTo("total has more than 18 decimal places");
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("1E+20"))).isEqualTo("total has more than 20 integer digits");
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("1E+19"))).isNull();
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("1.5000000000000000000000000"))).isNull();
    assertThat(OrderValidator.outOfRange("total", new BigDecimal("0E+999999999"))).isNull();
  }
}
