package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.tools.OrderGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs of the command in JVMs of their own: what the console shows, a run killed part way, determinism. */
@ExtendWith(SharedSpark.class)
class WholeRunTest {
  @TempDir Path tmp;

  @Test
  void aBadInputFileIsOneLineOnTheConsoleWithoutAStackTrace() throws Exception {
    Path input = Path.of(WholeRunTest.class.getResource("/bad-input/broken-array.json").toURI());
    Path err = tmp.resolve("err.txt");
    Process p = JobProcess.start(tmp.resolve("out.txt"), err, "--input", input.toString(), "--output", tmp.resolve("out").toString());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    String stderr = Files.readString(err);
    assertThat(stderr).doesNotContain("\tat ").doesNotContain("Exception in task").doesNotContain("ERROR");
    List<String> ours = stderr.lines().filter(l -> l.contains("order-pricing:")).toList();
    assertThat(ours).containsExactly("order-pricing: " + input + ": JSON array does not parse: Unexpected end-of-input within/between Object entries (column 25, line 2)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /**
   * A run killed by its PID while its tasks write leaves nothing at the output path (no _SUCCESS, no part files a
   * reader could take for a result), and the same run afterwards succeeds.
   */
  @Test
  void aRunKilledPartWayLeavesNoResultAndARerunSucceeds() throws Exception {
    Path input = tmp.resolve("orders");
    OrderGenerator.orders(SharedSpark.spark(), 1_000_000, 3).repartition(4).write().parquet(input.toString());
    Path out = tmp.resolve("result/prices");
    Process p = JobProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"),
        "--input", input.toString(), "--output", out.toString(), "--master", "local[2]");
    boolean killedWhileWriting = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (p.isAlive() && System.nanoTime() < deadline) {
      if (writingTasks(out.getParent())) {
        p.toHandle().destroyForcibly(); // SIGKILL: no shutdown hooks, no clean-up
        killedWhileWriting = true;
        break;
      }
      Thread.sleep(20);
    }
    p.waitFor(60, TimeUnit.SECONDS);
    assertThat(killedWhileWriting).as("the run was killed while its tasks were writing").isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(out).doesNotExist();
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertThat(left.map(x -> x.getFileName().toString())).allMatch(n -> n.startsWith("."), "only hidden staging is left");
    }

    var result = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(input.toString()), out.toString())).run();
    assertThat(result.priced()).isEqualTo(1_000_000);
    assertThat(out.resolve("_SUCCESS")).exists();
  }

  /** Spark's committer keeps task output under _temporary until the job commits. */
  private static boolean writingTasks(Path dir) throws Exception {
    if (!Files.isDirectory(dir)) return false;
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.anyMatch(f -> f.toString().contains("_temporary") && f.getFileName().toString().startsWith("part-"));
    }
  }

  @Test
  void reRunningWithOverwriteGivesByteForByteTheSameFiles() throws Exception {
    Path input = Path.of(WholeRunTest.class.getResource("/bad-input/mixed.jsonl").toURI());
    Path data = tmp.resolve("gen");
    OrderGenerator.orders(SharedSpark.spark(), 20_000, 5).repartition(3).write().parquet(data.toString());
    Path out = tmp.resolve("out");
    JobSpec spec = JobSpec.of(List.of(input.toString(), data.toString()), out.toString()).withOverwrite(true);
    OrderPricing.get(SharedSpark.spark()).job(spec).run();
    Map<String, byte[]> first = contents(out);
    Map<String, byte[]> firstRejects = contents(Path.of(out + ".rejects"));
    OrderPricing.get(SharedSpark.spark()).job(spec).run();
    assertThat(first.size()).isGreaterThan(2);
    assertThat(contents(out)).containsOnlyKeys(first.keySet().toArray(String[]::new));
    contents(out).forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(first.get(name)));
    contents(Path.of(out + ".rejects")).forEach((name, bytes) -> assertThat(bytes).as(name).isEqualTo(firstRejects.get(name)));
  }

  private static Map<String, byte[]> contents(Path dir) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.toList()) files.put(f.getFileName().toString(), Files.readAllBytes(f));
    }
    return files;
  }
}
