package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(SharedSpark.class)
class PriceCommandTest {
  @TempDir Path tmp;


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
    CommandRun r = CommandRun.price("--input", "x.json", "--output", tmp.resolve("out").toString(), option, value);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(option.equals("--tax-rate") && value.startsWith("-") ? "tax rate" : option).doesNotContain("\tat ");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--preview, -1",
      "--keep-columns, ',,'",
      "--keep-columns, 'a,,b'",
      "--keep-columns, ''",
  })
  void aNegativePreviewAndEmptyKeptColumnNamesAreUsageErrors(String option, String value) {
    CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(), option, value);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(option).doesNotContain("\tat ");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /** Colons are part of names: Hadoop would take "a:" for a URI scheme ("Relative path in absolute URI"). */
  @Test
  void pathsWithColonsAreTakenAsPaths() throws Exception {
    Path in = TestData.write(tmp.resolve("in:put.jsonl"), "{\"id\":\"A\",\"total\":100}\n{\"id\":\"B\",\"total\":\"x\"}\n");
    Path out = tmp.resolve("out/a:b"), rejects = tmp.resolve("re:jects"), summary = tmp.resolve("sum:mary.json");
    CommandRun r = CommandRun.price("--input", in.toString(), "--output", out.toString(), "--rejects", rejects.toString(),
        "--summary", summary.toString(), "--output-format", "json");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(TestData.lines(out)).containsExactly(
        "{\"id\":\"A\",\"total\":100.00,\"discount\":0,\"discount_amount\":0.00,\"tax\":10.00,\"price\":110.00}");
    assertThat(TestData.lines(rejects)).hasSize(1);
    assertThat(new ObjectMapper().readTree(summary.toFile()).get("output").asText()).isEqualTo(out.toString());
  }

  /** Checked before any input is read: the input here does not even exist, and the output is what the run names. */
  @Test
  void anOutputUnderARegularFileFailsAtOnceInOneLineLeavingNothing() throws Exception {
    Path file = TestData.write(tmp.resolve("a-file"), "not a directory");
    for (Path out : List.of(file.resolve("out"), file.resolve("x/y/out"))) {
      for (Path in : List.of(lessonOrders())) {
        CommandRun r = CommandRun.price("--input", in.toString(), "--output", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines().filter(l -> l.startsWith("order-pricing:")))
            .containsExactly("order-pricing: cannot write " + out + ": " + file + " is not a directory");
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("ERROR");
      }
    }
    assertThat(Files.readString(file)).isEqualTo("not a directory");
    try (var left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("a-file", "orders.json");
    }
  }

  /**
   * Tests run as root here, whom permission bits do not stop: an immutable directory (chattr +i) stops root too. Where
   * chattr is not available, or the file system does not support it, this case is skipped.
   */
  @Test
  void anOutputInADirectoryThatCannotBeWrittenFailsAtOnceInOneLine() throws Exception {
    Path locked = Files.createDirectories(tmp.resolve("locked"));
    boolean immutable = chattr("+i", locked);
    Assumptions.assumeTrue(immutable, "chattr +i is not available here");
    try {
      Path out = locked.resolve("out");
      CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", out.toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.err().strip().lines().filter(l -> l.startsWith("order-pricing:")))
          .singleElement().asString().startsWith("order-pricing: cannot write " + out + ": ");
      try (var left = Files.list(locked)) {
        assertThat(left).isEmpty();
      }
    } finally {
      chattr("-i", locked);
    }
  }

  private static boolean chattr(String flag, Path dir) {
    try {
      Process p = new ProcessBuilder("chattr", flag, dir.toString()).redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void unknownOptionsAndAMissingOutputAreUsageErrors() {
    CommandRun unknown = CommandRun.price("--input", "x.json", "--output", "o", "--frobnicate");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--frobnicate");
    CommandRun noOutput = CommandRun.price("--input", "x.json");
    assertThat(noOutput.code()).isEqualTo(2);
    assertThat(noOutput.err()).contains("--output");
    assertThat(noOutput.err().strip().lines()).hasSize(1);
  }

  @Test
  void helpExplainsTheOptions() {
    CommandRun help = CommandRun.price("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--input", "--output-format", "--tax-rate", "--rounding", "--summary", "--overwrite", "--on-invalid", "Exit codes");
    assertThat(help.out()).contains("P% of the input records");
    assertThat(help.err()).as("what --help printed to stderr (picocli warns of a description it cannot format)").isEmpty();
  }

  @Test
  void aRunPrintsASummaryAndPreviewAndWritesTheSummaryJson() throws Exception {
    Path summary = tmp.resolve("summary.json");
    CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(), "--summary", summary.toString());
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
  void keptColumnsFollowThePricedOnesAndAMissingOneIsAOneLineFileError() throws Exception {
    Path in = TestData.write(tmp.resolve("orders.csv"), "id,total,discount,region,note\nA,100,0.1,EU,first\nB,200,,US,\n");
    Path out = tmp.resolve("out");
    CommandRun r = CommandRun.price("--input", in.toString(), "--output", out.toString(), "--output-format", "csv",
        "--keep-columns", "note,region");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(TestData.lines(out)).containsExactly(
        "id,total,discount,discount_amount,tax,price,note,region",
        "A,100.00,0.1,10.00,9.00,99.00,first,EU",
        "B,200.00,0.0,0.00,20.00,220.00,\"\",US");

    CommandRun missing = CommandRun.price("--input", in.toString(), "--output", tmp.resolve("out2").toString(),
        "--keep-columns", "region,colour");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err().strip().lines().filter(l -> l.startsWith("order-pricing:")))
        .containsExactly("order-pricing: " + in + ": CSV header has no colour column to keep (header: id,total,discount,region,note)");
    assertThat(missing.err()).doesNotContain("\tat ");
    assertThat(tmp.resolve("out2")).doesNotExist();
  }

  @Test
  void anExistingOutputIsAnErrorNamingThePathAndIsLeftAsItWas() throws Exception {
    Path out = tmp.resolve("out");
    TestData.write(out.resolve("part-00000.txt"), "old");
    CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains(out.toString()).contains("--overwrite");
    assertThat(Files.readString(out.resolve("part-00000.txt"))).isEqualTo("old");
    try (var files = Files.list(out)) {
      assertThat(files.count()).isEqualTo(1);
    }
  }

  @Test
  void optionsOverrideTheDefaults() throws Exception {
    CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(), "--tax-rate", "0",
        "--output-format", "csv", "--rounding", "half_even");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(TestData.lines(tmp.resolve("out"))).contains("ORD-001,100.00,0.10,10.00,0.00,90.00");
  }

  @Test
  void aTaxRateAndScaleWhosePricesCannotBeCarriedAreAUsageError() {
    CommandRun r = CommandRun.price("--input", lessonOrders().toString(), "--output", tmp.resolve("out").toString(),
        "--tax-rate", "9", "--scale", "18");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--tax-rate 9", "--scale 18", "39 digits").doesNotContain("\tat ");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /** At the limit the check allows, the largest valid total is priced: the check is not looser than the columns. */
  @Test
  void theLargestValidTotalIsPricedAtTheWidestSettingsAllowed() throws Exception {
    Path in = TestData.write(tmp.resolve("max.jsonl"), "{\"id\":\"M\",\"total\":99999999999999999999.999999999999999999}\n");
    CommandRun r = CommandRun.price("--input", in.toString(), "--output", tmp.resolve("out").toString(), "--output-format", "json",
        "--tax-rate", "9", "--scale", "17");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(TestData.lines(tmp.resolve("out")).get(0)).contains("\"price\":999999999999999999999.99999999999999999");
  }
}
