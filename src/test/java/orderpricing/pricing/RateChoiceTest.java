package orderpricing.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateChoiceTest {
  private static final RateChoice C1 = RateChoice.ofTable("C-1", "0.25");

  @Test
  void anOrdersOwnDiscountWinsOverItsCustomersRate() {
    RateChoice c = RateChoice.choose(new BigDecimal("0.05"), "C-1", C1);
    assertThat(c.rate()).isEqualByComparingTo("0.05");
    assertThat(c.problem()).isNull();
    assertThat(RateChoice.needsTableRate(new BigDecimal("0.05"), "C-1")).isFalse();
  }

  @Test
  void anOrderWithoutADiscountGetsItsCustomersRate() {
    assertThat(RateChoice.needsTableRate(null, "C-1")).isTrue();
    RateChoice c = RateChoice.choose(null, "C-1", C1);
    assertThat(c.rate()).isEqualByComparingTo("0.25");
    assertThat(c.problem()).isNull();
  }

  @Test
  void anOrderWhoseCustomerIsNotInTheTableIsRejected() {
    RateChoice c = RateChoice.choose(null, "C-9", null);
    assertThat(c.rate()).isNull();
    assertThat(c.problem()).isEqualTo("customer C-9 has no rate");
  }

  @Test
  void anOrderWithNeitherACustomerNorADiscountHasNoDiscount() {
    assertThat(RateChoice.needsTableRate(null, null)).isFalse();
    assertThat(RateChoice.choose(null, null, null)).isEqualTo(RateChoice.NONE);
    assertThat(Pricing.standard().price(Order.of("A", "100", null)).getDiscount()).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "1.5     | customer C-1 has a rate outside [0, 1]: 1.5",
      "-0.1    | customer C-1 has a rate outside [0, 1]: -0.1",
      "NULL    | customer C-1 has a null rate",
      "abc     | customer C-1 has a rate that is not a number: \"abc\"",
      "NaN     | customer C-1 has a rate that is not a number: \"NaN\"",
      "Infinity| customer C-1 has a rate that is not a number: \"Infinity\"",
      "''      | customer C-1 has a rate that is not a number: \"\"",
      "0.1234567890123456789 | customer C-1 has a rate with more than 18 decimal places: 0.1234567890123456789"})
  void aBadRateRejectsTheCustomersOrdersThatRelyOnItNamingCustomerAndRate(String rate, String reason) {
    RateChoice fromTable = RateChoice.ofTable("C-1", rate);
    assertThat(RateChoice.choose(null, "C-1", fromTable).problem()).isEqualTo(reason);
    assertThat(RateChoice.choose(new BigDecimal("0.1"), "C-1", fromTable).problem()).as("an own discount still wins").isNull();
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0", "1, 1, 0", "0.10, 0.1, 1", "1.5e-1, 0.15, 2", "' 0.125 ', 0.125, 3", "1E+0, 1, 0"})
  void goodRatesAreTakenExactlyWithTheirRealDecimals(String text, String value, int decimals) {
    RateChoice c = RateChoice.ofTable("C", text);
    assertThat(c.problem()).isNull();
    assertThat(c.rate()).isEqualByComparingTo(value);
    assertThat(c.rate().scale()).isNotNegative();
    assertThat(c.decimals()).isEqualTo(decimals);
  }
}
