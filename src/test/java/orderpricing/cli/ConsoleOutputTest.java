package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import orderpricing.spark.SharedSpark;
import orderpricing.tools.OrderGenerator;
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
}
