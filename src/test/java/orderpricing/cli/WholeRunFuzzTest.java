package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import orderpricing.read.FuzzRecords;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Whole runs of the command over thousands of random records per format (random bytes, numbers of any size, deep
 * JSON, odd Unicode, long lines; {@link FuzzRecords}), read in many slices: each run exits 0 with
 * {@code input_records = priced + rejected} and every record in the output or the rejects, or exits 1 with one line,
 * and takes a bounded time.
 */
@ExtendWith(SharedSpark.class)
class WholeRunFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Generous: each run here takes seconds when nothing goes wrong; a blow-up on one record would not. */
  private static final long RUN_BOUND_NANOS = TimeUnit.SECONDS.toNanos(120);

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"jsonl, 1", "jsonl, 2", "json, 3", "csv, 4", "csv, 5"})
  void everyRecordIsPricedOrRejectedOrTheFileIsRefusedInOneLine(String format, long seed) throws Exception {
    FuzzRecords fuzz = new FuzzRecords(seed);
    String text = switch (format) {
      case "jsonl" -> fuzz.jsonLines(3_000);
      case "json" -> fuzz.jsonArray(3_000);
      default -> fuzz.csv(3_000);
    };
    // Unpaired surrogates become '?', as any encoder writes them; a line of bytes that are no UTF-8 at all is added.
    Path in = tmp.resolve("fuzz." + format);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.write(new byte[] {'\n', (byte) 0xFF, (byte) 0xFE, (byte) 0xC3, '\n'});
    Files.write(in, bytes.toByteArray());
    Path out = tmp.resolve("out");
    Path summary = tmp.resolve("summary.json");
    String split = SharedSpark.spark().conf().get("spark.sql.files.maxPartitionBytes");
    long start = System.nanoTime();
    CommandRun run;
    try {
      run = CommandRun.price("--input", in.toString(), "--output", out.toString(), "--summary", summary.toString(),
          "--output-format", "json", "--conf", "spark.sql.files.maxPartitionBytes=1m");
    } finally {
      SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", split); // the session is shared
    }
    assertThat(System.nanoTime() - start).as("run time").isLessThan(RUN_BOUND_NANOS);
    if (run.code() == 1) {
      assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
      assertThat(run.err()).contains(in.toString()).doesNotContain("\tat ");
      assertThat(out).doesNotExist();
      return;
    }
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode s = JSON.readTree(summary.toFile());
    long records = s.get("input_records").asLong(), priced = s.get("priced").asLong(), rejected = s.get("rejected").asLong();
    assertThat(records).isPositive().isEqualTo(priced + rejected);
    assertThat(TestData.lines(out)).hasSize((int) priced);
    assertThat(rejected == 0 ? 0 : TestData.lines(out.resolve("_rejects")).size()).isEqualTo((int) rejected);
  }
}
