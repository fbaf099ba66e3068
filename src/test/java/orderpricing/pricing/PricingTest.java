package orderpricing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PricingTest {
  private static final List<Order> LESSON = List.of(
      Order.of("ORD-001", "100", "0.1"),
      Order.of("ORD-002", "200", "0.2"),
      Order.of("ORD-003", "50", "0.05"),
      Order.of("ORD-004", "150", "0.15"));

  @Test
  void goldenPricesOfTheLessonsOrders() {
    List<String> prices = LESSON.stream().map(o -> Pricing.standard().price(o).getPrice().toPlainString()).toList();
    assertThat(prices).containsExactly("99.00", "176.00", "52.25", "140.25");
  }

  @Test
  void withoutTaxThePricesAreTheLessonsPrintedComment() {
    Pricing noTax = new Pricing(BigDecimal.ZERO, 2, RoundingMode.HALF_UP);
    List<String> prices = LESSON.stream().map(o -> noTax.price(o).getPrice().toPlainString()).toList();
    assertThat(prices).containsExactly("90.00", "160.00", "47.50", "127.50");
  }

  @Test
  void columnsAddUpLikeAnInvoice() {
    PricedOrder p = Pricing.standard().price(Order.of("A", "19.99", "0.15"));
    assertThat(p.getDiscountAmount()).isEqualByComparingTo("3.00"); // 2.9985
    assertThat(p.getTax()).isEqualByComparingTo("1.70");            // 16.99 × 0.1 = 1.699
    assertThat(p.getPrice()).isEqualByComparingTo("18.69");
    assertThat(p.getTotal().subtract(p.getDiscountAmount()).add(p.getTax())).isEqualByComparingTo(p.getPrice());
  }

  @ParameterizedTest(name = "{0} × {1} rounds {2} to {3}")
  @CsvSource({
      // total, discount, rounding, discount_amount: half-cent results
      "0.25, 0.1, HALF_UP, 0.03",
      "0.25, 0.1, HALF_EVEN, 0.02",
      "0.35, 0.1, HALF_EVEN, 0.04",
      "0.25, 0.1, HALF_DOWN, 0.02",
      "0.25, 0.1, DOWN, 0.02",
      "0.21, 0.1, UP, 0.03",
      "0.21, 0.1, CEILING, 0.03",
      "0.29, 0.1, FLOOR, 0.02",
  })
  void halfCentDiscountsRoundByTheChosenMode(String total, String discount, RoundingMode mode, String expected) {
    Pricing pricing = new Pricing(new BigDecimal("0.1"), 2, mode);
    assertThat(pricing.price(Order.of("A", total, discount)).getDiscountAmount().toPlainString()).isEqualTo(expected);
  }

  @Test
  void halfCentTaxRoundsHalfUpByDefault() {
    // 0.05 × 0.1 = 0.005 tax: half up gives a cent, half even none.
    assertThat(Pricing.standard().price(Order.of("A", "0.05", null)).getTax().toPlainString()).isEqualTo("0.01");
    Pricing even = new Pricing(new BigDecimal("0.1"), 2, RoundingMode.HALF_EVEN);
    assertThat(even.price(Order.of("A", "0.05", null)).getTax().toPlainString()).isEqualTo("0.00");
  }

  @Test
  void veryLargeTotalsStayExact() {
    PricedOrder p = Pricing.standard().price(Order.of("BIG", "12345678901234567890.55", "0.1"));
    assertThat(p.getDiscountAmount().toPlainString()).isEqualTo("1234567890123456789.06");
    assertThat(p.getTax().toPlainString()).isEqualTo("1111111101111111110.15");
    assertThat(p.getPrice().toPlainString()).isEqualTo("12222222112222222211.64");
  }

  @Test
  void binaryFloatingPointWouldGetThisWrong() {
    // In doubles 1.45 × 0.1 is 0.14499999999999999…, which rounds half up to 0.14; exactly it is 0.145 → 0.15.
    assertThat(new BigDecimal(1.45 * 0.1).setScale(2, RoundingMode.HALF_UP).toPlainString()).isEqualTo("0.14");
    assertThat(Pricing.standard().price(Order.of("A", "1.45", null)).getTax().toPlainString()).isEqualTo("0.15");
  }

  @Test
  void scaleAndTaxRateAreSettings() {
    Pricing mills = new Pricing(new BigDecimal("0.075"), 3, RoundingMode.HALF_UP);
    PricedOrder p = mills.price(Order.of("A", "10.005", "0.1"));
    assertThat(p.getDiscountAmount().toPlainString()).isEqualTo("1.001"); // 1.0005
    assertThat(p.getTax().toPlainString()).isEqualTo("0.675");            // 9.004 × 0.075 = 0.6753
    assertThat(p.getPrice().toPlainString()).isEqualTo("9.679");
    Pricing whole = new Pricing(new BigDecimal("0.2"), 0, RoundingMode.HALF_UP);
    // tax 19.90 rounds to 20; 99.50 + 20 = 119.50 rounds to 120
    assertThat(whole.price(Order.of("A", "99.50", null)).getPrice().toPlainString()).isEqualTo("120");
  }

  @Test
  void noDiscountMeansRateZeroInTheResult() {
    PricedOrder p = Pricing.standard().price(Order.of("A", "40", null));
    assertThat(p.getDiscount()).isEqualByComparingTo("0");
    assertThat(p.getPrice().toPlainString()).isEqualTo("44.00");
  }

  @Test
  void settingsThatCannotPriceAreRefused() {
    assertThatThrownBy(() -> new Pricing(new BigDecimal("-0.1"), 2, RoundingMode.HALF_UP)).hasMessageContaining("tax rate");
    assertThatThrownBy(() -> new Pricing(BigDecimal.ONE, 19, RoundingMode.HALF_UP)).hasMessageContaining("scale");
    assertThatThrownBy(() -> new Pricing(BigDecimal.ONE, 2, RoundingMode.UNNECESSARY)).hasMessageContaining("UNNECESSARY");
  }

  @Test
  void aMissingTotalIsNotPriced() {
    assertThatThrownBy(() -> Pricing.standard().price(Order.of("X", null, "0.1"))).hasMessageContaining("total is missing");
  }

  @ParameterizedTest(name = "tax {0}, scale {1}, {2}: {3} digits")
  @CsvSource({
      "0.1, 2, HALF_UP, 23",   // 110000000000000000000.00
      "0, 18, HALF_UP, 38",    // the largest total itself
      "0.1, 17, HALF_UP, 38",
      "0.1, 18, HALF_UP, 39",
      "9, 17, HALF_UP, 38",    // 999999999999999999999.99999999999999999
      "9, 17, UP, 39",         // rounds up to 10^21
      "9, 18, HALF_UP, 39",
  })
  void moneyDigitsHoldThePriceOfTheLargestValidTotal(String taxRate, int scale, RoundingMode rounding, int digits) {
    assertThat(new Pricing(new BigDecimal(taxRate), scale, rounding).moneyDigits()).isEqualTo(digits);
  }
}
