package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(SharedSpark.class)
class PriceCommandTest {
  @TempDir Path tmp;

  /** Runs the command in this JVM, on the shared session, capturing what it prints. */
  private Run price(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
    try {
      int code = PriceCommand.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  record Run(int code, String out, String err) {}

  private Path lessonOrders() {
    return TestData.write(tmp.resolve("orders.json"), """
        [{"id": "ORD-001", "total": 100, "discount": 0.1}, {"id": "ORD-002", "total": 200, "discount": 0.2},
         {"id": "ORD-003", "total": 50, "discount": 0.05}, {"id": "ORD-004", "total": 150, "discount": 0.15}]
        """);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--output-format, xml",
      "--rounding, SIDEWAYS",
      "--tax-rate, abc",
      "--on-invalid, sometimes",
      "--scale, two",
      "--input-format, xls",
      "--tax-rate, -0.1",
  })
  void aBadOptionValueIsAUsageErrorNamingTheOption(String option, String value) {
    Run r = price("--input", "x.json", "--output", tmp.resolve("out").toString(), option, value);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(option.equals("--tax-rate") && value.startsWith("-") ? "tax rate" : option).doesNotContain("\tat ");
  }

  @Test
  void unknownOptionsAndAMissingOutputAreUsageErrors() {
    Run unknown = price("--input", "x.json", "--output", "o", "--frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--frobnicate");
    Run noOutput = price("--input", "x.json");
    assertThat(noOutput.code()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output");
    assertThat(noOutput.err().strip().lines()).hasSize(1);
  }

  @Test
  void helpExplainsTheOptions() {
    Run help = price("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--input", "--output-format", "--tax-rate", "--rounding", "--summary", "--overwrite", "--on-invalid", "Exit codes");
  }

  @Test
  void aRunPrintsASummaryAndPreviewAndWritesTheSummaryJson() throws Exception {
    Path summary = tmp.resolve("summary.json");
    Run r = price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(), "--summary", summary.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Priced 4 of 4 orders", "467.50", "ORD-001", "99.00", "140.25");
    JsonNode json = new ObjectMapper().readTree(summary.toFile());
    assertThat(json.get("input_records").asLong()).isEqualTo(4);
    assertThat(json.get("priced").asLong()).isEqualTo(4);
    assertThat(json.get("rejected").asLong()).isZero();
    assertThat(json.get("duplicate_ids").asLong()).isZero();
    assertThat(json.get("price_total").isTextual()).isTrue();
    assertThat(json.get("price_total").asText()).isEqualTo("467.50");
    assertThat(json.get("elapsed_ms").isIntegralNumber()).isTrue();
  }

  @Test
  void anExistingOutputIsAnErrorNamingThePathAndIsLeftAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    TestData.write(out.resolve("part-00000.txt"), "old");
    Run r = price("--input", lessonOrders().toString(), "--output", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(out.toString()).contains("--overwrite");
    assertThat(Files.readString(out.resolve("part-00000.txt"))).isEqualTo("old");
    try (var files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void optionsOverrideTheDefaults() throws Exception {
    Run r = price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(), "--tax-rate", "0",
        "--output-format", "csv", "--rounding", "half_even");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(TestData.lines(tmp.resolve("out"))).contains("ORD-001,100.00,0.10,10.00,0.00,90.00");
  }
}
