package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.spark.HoldingFileSystem;
import orderpricing.spark.PricingJob;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import orderpricing.tools.OrderGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per output, with two JVMs: a run in a process of its own is held while its tasks write; a second run on
 * the same output is refused at once, naming the first; once the first is killed, its lock stops counting after its
 * expiry and the second run commits a whole result of its own.
 */
@ExtendWith(SharedSpark.class)
class OutputLockTest {
  @TempDir Path tmp;

  @Test
  void aSecondRunIsRefusedWhileTheFirstWritesAndSucceedsOnceTheDeadRunsLockExpires() throws Exception {
    Path input = tmp.resolve("orders");
    OrderGenerator.orders(SharedSpark.spark(), 2_000, 5).repartition(2).write().parquet(input.toString());
    Path other = TestData.write(tmp.resolve("other.jsonl"), "{\"id\":\"B-1\",\"total\":1}\n");
    Path out = tmp.resolve("prices"), held = tmp.resolve("held"), lock = tmp.resolve(".prices.lock");
    Process first = JobProcess.start(tmp.resolve("first.out"), tmp.resolve("first.err"),
        "--input", input.toString(), "--output", out.toString(), "--master", "local[2]",
        "--conf", PricingJob.LOCK_EXPIRY + "=3s",
        "--conf", "spark.hadoop.fs.file.impl=" + HoldingFileSystem.class.getName(),
        "--conf", "spark.hadoop." + HoldingFileSystem.MARKER + "=" + held);
    try {
      while (!Files.exists(held) && first.isAlive()) Thread.sleep(50);
      assertThat(held).as("the first run is writing: %s", Files.readString(tmp.resolve("first.err"))).exists();
      JsonNode holder = new ObjectMapper().readTree(lock.toFile());

      // Refused while the first run lives, however long it takes: its lock is kept fresh.
      Thread.sleep(4_000); // longer than the first run's expiry
      CommandRun second = CommandRun.price("--input", other.toString(), "--output", out.toString(), "--overwrite");
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err().strip().lines()).singleElement().asString()
          .startsWith("order-pricing: " + out + " is being written by another run (application ")
          .contains(holder.get("application_id").asText(), holder.get("started").asText());
      assertThat(out).doesNotExist();
    } finally {
      first.toHandle().destroyForcibly();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    WholeRunTest.awaitLockExpired(out, "3s");
    CommandRun second = CommandRun.price("--input", other.toString(), "--output", out.toString(), "--overwrite", "--output-format", "json");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(TestData.lines(out)).singleElement().asString().startsWith("{\"id\":\"B-1\"");
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).as("the lock released, the dead run's taken over and removed")
          .noneMatch(n -> n.startsWith(".prices.lock"));
    }
  }
}
