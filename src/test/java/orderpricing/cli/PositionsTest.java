package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Reject positions and the fail-mode message name the real line of a JSON Lines file, whatever precedes it. */
@ExtendWith(SharedSpark.class)
class PositionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Line 3 has no total, line 4 is valid, line 6 has a string total. */
  private static final String BODY = "{\"id\":\"A\",\"discount\":0.1}\n{\"id\":\"B\",\"total\":1}\n\n{\"id\":\"C\",\"total\":\"x\"}\n";

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"\n\n", "  \n\t\n", "\r\n\r\n", "\uFEFF\n\n"})
  void leadingBlankLinesCountInRejectsAndInFailMode(String lead) throws Exception {
    Path in = TestData.write(tmp.resolve("orders.jsonl"), lead + BODY);
    Path rejects = tmp.resolve("rejects");
    CommandRun run = CommandRun.price("--input", in.toString(), "--output", tmp.resolve("out").toString(), "--rejects", rejects.toString());
    assertThat(run.code()).as(run.err()).isZero();
    List<Long> positions = new ArrayList<>();
    for (String line : TestData.lines(rejects)) {
      JsonNode r = JSON.readTree(line);
      positions.add(r.get("position").asLong());
    }
    assertThat(positions).containsExactly(3L, 6L);

    CommandRun fail = CommandRun.price("--input", in.toString(), "--output", tmp.resolve("out2").toString(), "--on-invalid", "fail");
    assertThat(fail.code()).isEqualTo(1);
    assertThat(fail.err().strip()).isEqualTo("order-pricing: invalid order in " + in + " at position 3 (id A): total is missing");
    assertThat(Files.exists(tmp.resolve("out2"))).isFalse();
  }
}
