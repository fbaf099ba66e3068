package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a scheduler reads of a run: the exit code, the run record ({@code --status}) written for every run that parsed
 * its options, and the reject limit ({@code --max-rejects}) that keeps a broken input from being published.
 */
@ExtendWith(SharedSpark.class)
class RunRecordTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  /** Five records, three of them rejected; the bad values and the customer are order data no summary may show. */
  private Path mostlyBroken() {
    return TestData.write(tmp.resolve("in.jsonl"), """
        {"id":"A","total":10,"discount":0.1}
        {"id":"B","total":"SECRET-1","discount":0.1}
        {"id":"C","total":"SECRET-2"}
        {"total":3}
        {"id":"E","total":5}
        """);
  }

  @Test
  void overTheLimitNothingIsWrittenTheOldResultStaysAndTheRecordAndSummarySayWhy() throws Exception {
    Path in = mostlyBroken(), out = tmp.resolve("out"), status = tmp.resolve("runs/status.json"), summary = tmp.resolve("summary.json");
    assertThat(CommandRun.price("--input", in.toString(), "--output", out.toString()).code()).isZero();
    Map<String, String> before = tree(tmp);

    CommandRun r = CommandRun.price("--input", in.toString(), "--output", out.toString(), "--overwrite", "--max-rejects", "2",
        "--status", status.toString(), "--summary", summary.toString());

    assertThat(r.code()).as(r.err()).isEqualTo(3);
    assertThat(r.err().strip()).isEqualTo("order-pricing: 3 of 5 input records rejected, more than --max-rejects 2 allows; nothing written");
    assertThat(tree(tmp)).as("the old result, byte for byte, and nothing beside it").containsAllEntriesOf(before)
        .containsOnlyKeys(concat(before.keySet(), "runs/status.json", "summary.json"));
    JsonNode record = JSON.readTree(status.toFile());
    assertThat(record.get("status").asText()).isEqualTo("over-reject-limit");
    assertThat(record.get("exit_code").asInt()).isEqualTo(3);
    assertThat(record.get("reason").asText()).isEqualTo(r.err().strip().substring("order-pricing: ".length()));
    assertThat(record.get("input_records").asLong()).isEqualTo(5);
    assertThat(record.get("rejected").asLong()).isEqualTo(3);
    assertThat(record.get("rejects_by_reason").toString())
        .isEqualTo("[{\"reason\":\"total is not a number (a string)\",\"count\":2},{\"reason\":\"id is missing\",\"count\":1}]");
    JsonNode s = JSON.readTree(summary.toFile());
    assertThat(s.get("committed").asBoolean()).isFalse();
    assertThat(s.get("rejects_by_reason")).isEqualTo(record.get("rejects_by_reason"));
    assertThat(r.out()).contains("(not written: over the reject limit)").doesNotContain("First rows");
    for (String text : new String[] {r.out(), r.err(), Files.readString(status), Files.readString(summary)}) {
      assertThat(text).doesNotContain("SECRET");
    }
  }

  @ParameterizedTest(name = "--max-rejects {0}")
  @ValueSource(strings = {"3", "60%", "59.9%"})
  void atOrUnderTheLimitTheRunCommits(String limit) throws Exception {
    Path out = tmp.resolve("out"), status = tmp.resolve("status.json");
    CommandRun r = CommandRun.price("--input", mostlyBroken().toString(), "--output", out.toString(), "--max-rejects", limit,
        "--status", status.toString());
    boolean over = limit.equals("59.9%");
    assertThat(r.code()).as(r.err()).isEqualTo(over ? 3 : 0);
    assertThat(out.resolve("_SUCCESS").toFile().exists()).isEqualTo(!over);
    JsonNode record = JSON.readTree(status.toFile());
    assertThat(record.get("status").asText()).isEqualTo(over ? "over-reject-limit" : "succeeded");
    assertThat(record.has("reason")).isEqualTo(over);
  }

  @Test
  void aSucceededRunsRecordHoldsItsCountsPathsApplicationAndTimes() throws Exception {
    Path out = tmp.resolve("out"), status = tmp.resolve("status.json");
    Instant before = Instant.now().minusMillis(1);
    CommandRun r = CommandRun.price("--input", mostlyBroken().toString(), "--output", out.toString(), "--status", status.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode record = JSON.readTree(status.toFile());
    assertThat(fieldNames(record)).containsExactly("status", "exit_code", "input_records", "priced", "rejected", "duplicate_ids",
        "price_total", "rejects_by_reason", "outcome", "output", "rejects", "application_id", "started", "ended");
    assertThat(record.get("exit_code").asInt()).isZero();
    assertThat(record.get("priced").asLong()).isEqualTo(2);
    assertThat(record.get("price_total").asText()).isEqualTo("15.40");
    assertThat(record.get("output").asText()).isEqualTo(out.toString());
    assertThat(record.get("rejects").asText()).isEqualTo(out + "/_rejects");
    assertThat(record.get("application_id").asText()).isEqualTo(SharedSpark.spark().sparkContext().applicationId());
    Instant started = Instant.parse(record.get("started").asText()), ended = Instant.parse(record.get("ended").asText());
    assertThat(started).isAfter(before).isBeforeOrEqualTo(ended);
    assertThat(ended).isBeforeOrEqualTo(Instant.now());
    assertThat(tmp.toFile().list()).as("no temporary file left beside it").containsExactlyInAnyOrder("in.jsonl", "out", "status.json");
  }

  @Test
  void aFailedRunStillWritesItsRecordWithTheOneLineReason() throws Exception {
    Path status = tmp.resolve("status.json");
    Files.writeString(status, "{\"status\":\"succeeded\"}"); // yesterday's record is replaced, not kept
    CommandRun r = CommandRun.price("--input", tmp.resolve("missing.jsonl").toString(), "--output", tmp.resolve("out").toString(),
        "--status", status.toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode record = JSON.readTree(status.toFile());
    assertThat(record.get("status").asText()).isEqualTo("failed");
    assertThat(record.get("exit_code").asInt()).isEqualTo(1);
    assertThat(record.get("reason").asText()).isEqualTo(r.err().strip().substring("order-pricing: ".length())).contains("missing.jsonl");
    assertThat(record.has("input_records")).isFalse();
  }

  @Test
  void anInvalidOrderWithOnInvalidFailIsAFailedRun() throws Exception {
    Path status = tmp.resolve("status.json");
    CommandRun r = CommandRun.price("--input", mostlyBroken().toString(), "--output", tmp.resolve("out").toString(),
        "--on-invalid", "fail", "--max-rejects", "10", "--status", status.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(JSON.readTree(status.toFile()).get("reason").asText()).contains("in.jsonl", "position 2", "total");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aBadOptionValueIsAUsageErrorAndItsRecordSaysSo() throws Exception {
    Path status = tmp.resolve("status.json");
    CommandRun r = CommandRun.price("--input", mostlyBroken().toString(), "--output", tmp.resolve("out").toString(),
        "--max-rejects", "ten", "--status", status.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).singleElement().asString().contains("--max-rejects", "ten").doesNotContain("\tat ");
    JsonNode record = JSON.readTree(status.toFile());
    assertThat(record.get("status").asText()).isEqualTo("failed");
    assertThat(record.get("exit_code").asInt()).isEqualTo(2);
  }

  @Test
  void aRecordPathThatCannotTakeAFileIsRefusedBeforeTheRun() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("a-dir"));
    CommandRun r = CommandRun.price("--input", mostlyBroken().toString(), "--output", tmp.resolve("out").toString(),
        "--status", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).singleElement().asString().contains("--status " + dir + ": is a directory");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /** The record goes nowhere it must not: over an input, or into the result, where readers would take it for data. */
  @Test
  void aRecordOnAnInputOrInsideTheResultIsRefusedAndTheInputIsUntouched() throws Exception {
    Path in = mostlyBroken(), out = tmp.resolve("out");
    String original = Files.readString(in);
    for (Path status : new Path[] {in, out.resolve("status.json"), out.resolve("_rejects/status.json")}) {
      CommandRun r = CommandRun.price("--input", in.toString(), "--output", out.toString(), "--status", status.toString());
      assertThat(r.code()).as(r.err()).isEqualTo(2);
      assertThat(r.err().strip().lines()).singleElement().asString().startsWith("order-pricing: " + status);
      assertThat(Files.readString(in)).isEqualTo(original);
      assertThat(out).doesNotExist();
    }
  }

  private static Iterable<String> fieldNames(JsonNode node) {
    return () -> node.fieldNames();
  }

  private static String[] concat(java.util.Set<String> keys, String... more) {
    return Stream.concat(keys.stream(), Stream.of(more)).toArray(String[]::new);
  }

  /** Every file under a directory, by relative path, with a hash of its bytes. */
  private static Map<String, String> tree(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(Files::isRegularFile).forEach(f -> files.put(dir.relativize(f).toString(), InputOverlapTest.digest(f)));
    }
    return files;
  }
}
