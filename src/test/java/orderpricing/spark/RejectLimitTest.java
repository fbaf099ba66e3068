package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --max-rejects: a count or a share of the input records, compared exactly; over it means more than it. */
class RejectLimitTest {
  @ParameterizedTest(name = "{0}: {1} of {2} rejected -> over: {3}")
  @CsvSource({
      "0, 0, 10, false",
      "0, 1, 10, true",
      "10, 10, 100, false",
      "10, 11, 100, true",
      "10%, 10, 100, false",
      "10%, 11, 100, true",
      "1%, 1, 100, false",
      "1%, 1, 99, true",          // 1.0101 % of the records
      "0.5%, 1, 200, false",
      "0.5%, 2, 200, true",
      "0%, 0, 0, false",
      "0%, 1, 1, true",
      "100%, 5, 5, false",
      "33.3333%, 1, 3, true",     // a third is more than 33.3333 %
      "' 7 ', 8, 100, true",
  })
  void overTheLimitMeansMoreThanIt(String limit, long rejected, long records, boolean over) {
    assertThat(RejectLimit.parse(limit).exceededBy(rejected, records)).isEqualTo(over);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "ten", "-1", "-1%", "101%", "1.5", "%", "1e3", "5 %%"})
  void anythingElseIsRefused(String limit) {
    assertThatThrownBy(() -> RejectLimit.parse(limit)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, Long.MAX_VALUE})
  void noLimitIsNeverExceeded(long rejected) {
    assertThat(RejectLimit.none().exceededBy(rejected, rejected)).isFalse();
  }
}
