package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the command on each file of the bad-input corpus (src/test/resources/bad-input, expectations in cases.json):
 * every record is priced or rejected with its position and reason, nothing is lost, and a file that cannot be read
 * fails the run with one line naming it and leaves no output.
 */
@ExtendWith(SharedSpark.class)
class BadInputCorpusTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;


  private static Path corpus() throws Exception {
    return Path.of(BadInputCorpusTest.class.getResource("/bad-input").toURI());
  }

  @TestFactory
  Stream<DynamicTest> eachCorpusFile() throws Exception {
    JsonNode cases = JSON.readTree(corpus().resolve("cases.json").toFile()).get("cases");
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      tests.add(DynamicTest.dynamicTest(c.get("file").asText(), () -> check(c)));
    }
    return tests.stream();
  }

  private void check(JsonNode c) throws Exception {
    Path input = corpus().resolve(c.get("file").asText());
    Path dir = Files.createTempDirectory(tmp, "case");
    Path out = dir.resolve("out");
    Path summary = dir.resolve("summary.json");
    CommandRun run = CommandRun.price("--input", input.toString(), "--output", out.toString(), "--summary", summary.toString(), "--output-format", "json");

    if (c.has("error")) {
      assertThat(run.code()).as(run.err()).isEqualTo(1);
      assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
      assertThat(run.err()).contains(input.toString()).contains(c.get("error").asText()).doesNotContain("\tat ");
      assertThat(out).doesNotExist();
      assertThat(out.resolve("_rejects")).doesNotExist();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left).as("nothing half-written next to the output").isEmpty();
      }
      return;
    }
    assertThat(run.code()).as(run.err()).isZero();
    List<String> priced = new ArrayList<>();
    for (Row r : TestData.readInOrder(SharedSpark.spark(), out, "json")) priced.add(r.getString(r.fieldIndex("id")));
    List<String> expectedPriced = new ArrayList<>();
    c.get("priced").forEach(n -> expectedPriced.add(n.asText()));
    assertThat(priced).containsExactlyElementsOf(expectedPriced);

    List<JsonNode> rejects = new ArrayList<>();
    for (String line : TestData.lines(out.resolve("_rejects"))) rejects.add(JSON.readTree(line));
    JsonNode expected = c.get("rejected");
    assertThat(rejects).hasSize(expected.size());
    for (int i = 0; i < rejects.size(); i++) {
      JsonNode got = rejects.get(i), want = expected.get(i);
      assertThat(got.get("source").asText()).isEqualTo(input.toString());
      assertThat(got.get("position").asLong()).as("reject %d", i).isEqualTo(want.get(0).asLong());
      assertThat(got.path("id").isNull() || got.path("id").isMissingNode() ? null : got.get("id").asText()).isEqualTo(want.get(1).isNull() ? null : want.get(1).asText());
      assertThat(got.get("reason").asText()).startsWith(want.get(2).asText());
      assertThat(got.get("record").asText()).isNotBlank();
    }

    JsonNode s = JSON.readTree(summary.toFile());
    assertThat(s.get("priced").asLong()).isEqualTo(expectedPriced.size());
    assertThat(s.get("rejected").asLong()).isEqualTo(expected.size());
    assertThat(s.get("input_records").asLong()).isEqualTo(s.get("priced").asLong() + s.get("rejected").asLong());
    assertThat(s.get("duplicate_ids").asLong()).isEqualTo(c.get("duplicates").asLong());
  }

  @Test
  void rejectsKeepTheRawRecord() throws Exception {
    Path out = tmp.resolve("out");
    CommandRun.price("--input", corpus().resolve("mixed.csv").toString(), "--output", out.toString());
    JsonNode first = JSON.readTree(TestData.lines(out.resolve("_rejects")).get(0));
    assertThat(first.get("record").asText()).isEqualTo("C-2,abc,0");
    CommandRun.price("--input", corpus().resolve("mixed.jsonl").toString(), "--output", tmp.resolve("j").toString());
    JsonNode line7 = JSON.readTree(TestData.lines(tmp.resolve("j/_rejects")).get(5));
    assertThat(line7.get("record").asText()).isEqualTo("{\"id\": \"J-07\", \"total\": \"12.50\"}");
  }

  @Test
  void failModeStopsAtTheFirstInvalidOrderNamingItAndWritesNothing() throws Exception {
    Path input = corpus().resolve("mixed.csv");
    Path out = tmp.resolve("out");
    CommandRun run = CommandRun.price("--input", input.toString(), "--output", out.toString(), "--on-invalid", "fail");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("order-pricing: invalid order in " + input + " at position 2 (id C-2): total is not a number: \"abc\"");
    assertThat(out).doesNotExist();
    assertThat(out.resolve("_rejects")).doesNotExist();
  }

  @Test
  void failModeLeavesAnOldOutputAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    TestData.write(out.resolve("part-00000.json"), "old\n");
    CommandRun run = CommandRun.price("--input", corpus().resolve("mixed.parquet").toString(), "--output", out.toString(), "--overwrite", "--on-invalid", "fail");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("at position 2").contains("id is missing");
    assertThat(Files.readString(out.resolve("part-00000.json"))).isEqualTo("old\n");
  }

  @Test
  void aMissingInputIsOneLineNamingIt() {
    Path missing = tmp.resolve("nope.json");
    CommandRun run = CommandRun.price("--input", missing.toString(), "--output", tmp.resolve("out").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip()).isEqualTo("order-pricing: " + missing + ": no such file or directory");
  }

  @Test
  void anUnreadableFileIsOneLineNamingIt() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path file = TestData.write(tmp.resolve("secret.json"), "{\"id\":\"A\",\"total\":1}\n");
    file.toFile().setReadable(false);
    CommandRun run = CommandRun.price("--input", file.toString(), "--output", tmp.resolve("out").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains(file.toString()).contains("permission denied");
  }

  @Test
  void verboseShowsTheStackTrace() throws Exception {
    CommandRun run = CommandRun.price("--input", corpus().resolve("truncated.parquet").toString(), "--output", tmp.resolve("out").toString(), "--verbose");
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("\tat ");
  }
}
