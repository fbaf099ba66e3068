package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.concurrent.TimeUnit;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import orderpricing.tools.OrderGenerator;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a scheduler's log of a run holds when stdout and stderr are files, as they are for a scheduled job. */
@ExtendWith(SharedSpark.class)
class ConsoleOutputTest {
  @TempDir Path tmp;

  /** A run long enough that Spark would draw its progress bar (after half a second of a stage) were it on. */
  @Test
  void noProgressBarInALogAndTheSummaryOnALineOfItsOwn() throws Exception {
    Path input = tmp.resolve("orders");
    OrderGenerator.orders(SharedSpark.spark(), 1_000_000, 9).coalesce(1).write().parquet(input.toString());
    Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
    Process p = JobProcess.start(out, err, "--input", input.toString(), "--output", tmp.resolve("prices").toString(),
        "--master", "local[1]");
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err), stdout = Files.readString(out);
    assertThat(p.exitValue()).as(stderr).isZero();
    assertThat(stderr).doesNotContain("[Stage").doesNotContain("\r");
    assertThat(stdout).doesNotContain("\r");
    assertThat(stdout.lines()).anyMatch(l -> l.startsWith("Priced 1,000,000 of 1,000,000 orders"));
  }

  /**
   * A Parquet input with an invalid order, with --on-invalid fail: the duplicate count that runs beside the pricing is
   * cancelled, and Spark said nothing of it ("Failed to cancel job group" each time a cancel found no job running).
   * Besides the job's own progress lines, stderr is the one line of the failure.
   */
  @Test
  void failingOnAnInvalidOrderSaysSoInOneLine() throws Exception {
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("total", DataTypes.createDecimalType(10, 2)).add("discount", DataTypes.createDecimalType(3, 2));
    List<Row> rows = List.of(RowFactory.create("A", new BigDecimal("1.00"), null), RowFactory.create("B", new BigDecimal("-1.00"), null),
        RowFactory.create("C", new BigDecimal("3.00"), null));
    Path input = TestData.parquet(SharedSpark.spark(), tmp.resolve("orders.parquet"), schema, rows, 1 << 20);
    Path out = tmp.resolve("out.txt"), err = tmp.resolve("err.txt");
    Process p = JobProcess.start(out, err, "--input", input.toString(), "--output", tmp.resolve("prices").toString(),
        "--on-invalid", "fail");
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    String stderr = Files.readString(err);
    assertThat(p.exitValue()).as(stderr).isEqualTo(1);
    assertThat(stderr.lines().filter(l -> !PROGRESS.matcher(l).matches())).as(stderr)
        .containsExactly("order-pricing: invalid order in " + input + " at position 2 (id B): total is negative");
    assertThat(tmp.resolve("prices")).doesNotExist();
  }

  /** The job's own progress lines, which a log shows by design. */
  private static final Pattern PROGRESS = Pattern.compile("\\d\\d:\\d\\d:\\d\\d INFO  [A-Za-z]+: .*");
}

