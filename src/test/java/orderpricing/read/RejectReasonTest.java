package orderpricing.read;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reasons as the summary shows them: what is wrong, never the value that was there or the customer it was for. */
class RejectReasonTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      total is not a number: "SECRET-12"                                  | total is not a number
      discount is not a number: "SECRET, with: colons"                    | discount is not a number
      record does not parse as JSON: Unexpected character ('S' (code 83)) | record does not parse as JSON
      customer SECRET-C has no rate                                       | customer has no rate
      customer SECRET has no rate has no rate                             | customer has no rate
      customer SECRET-C has a null rate                                   | customer has a null rate
      customer SECRET: C has a rate that is not a number: "SECRET-R"      | customer has a rate that is not a number
      customer SECRET-C has a rate outside [0, 1]: 1.5                    | customer has a rate outside [0, 1]
      customer SECRET-C has a rate with more than 18 decimal places: 0.1  | customer has a rate with more than 18 decimal places
      id is not a string (number)                                         | id is not a string (number)
      total has more than 18 decimal places                               | total has more than 18 decimal places
      record has 4 fields, the header has 3                               | record has 4 fields, the header has 3
      record is not valid UTF-8                                           | record is not valid UTF-8
      id is missing                                                       | id is missing
      """)
  void aReasonLosesItsValues(String reason, String general) {
    assertThat(RejectReason.withoutValues(reason)).isEqualTo(general).doesNotContain("SECRET");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      customer SECRET has a rate that is not a number: "x has no rate"
      customer SECRET has a rate outside [0, 1]: -1 has no rate
      """)
  void aValueThatLooksLikeAReasonIsNotTakenForOne(String reason) {
    assertThat(RejectReason.withoutValues(reason)).doesNotContain("SECRET").doesNotContain("x").doesNotContain("-1");
  }
}
