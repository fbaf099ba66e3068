package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.spark.HaltingFileSystem;
import orderpricing.spark.HoldingFileSystem;
import orderpricing.spark.JobSpec;
import orderpricing.spark.PricingJob;
import orderpricing.spark.OrderPricing;
import orderpricing.errors.OutputExistsException;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
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
   * A run killed by its PID (SIGKILL: no shutdown hooks, no clean-up) while its tasks write, replacing an older
   * output: the older output stays as it was, byte for byte, and the same run afterwards succeeds. The test file
   * system holds the first task that opens a part file until the kill, so the kill always lands mid-write.
   */
  @Test
  void aRunKilledWhileWritingLeavesTheOldOutputAsItWasAndARerunSucceeds() throws Exception {
    Path input = tmp.resolve("orders");
    OrderGenerator.orders(SharedSpark.spark(), 20_000, 3).repartition(4).write().parquet(input.toString());
    Path out = tmp.resolve("result/prices");
    TestData.write(out.resolve("part-00000.json"), "old\n");
    Map<String, String> old = contents(out);
    Path held = tmp.resolve("held");
    Process p = JobProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"),
        "--input", input.toString(), "--output", out.toString(), "--overwrite", "--master", "local[2]",
        "--conf", PricingJob.LOCK_EXPIRY + "=" + LOCK_EXPIRY,
        "--conf", "spark.hadoop.fs.file.impl=" + HoldingFileSystem.class.getName(),
        "--conf", "spark.hadoop." + HoldingFileSystem.MARKER + "=" + held);
    awaitFileOrExit(held, p);
    assertThat(held).as("a task is writing: %s", Files.readString(tmp.resolve("err.txt"))).exists();
    p.toHandle().destroyForcibly();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(contents(out)).as("the old output, as it was").isEqualTo(old);
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertThat(left.map(x -> x.getFileName().toString())).allMatch(n -> n.equals("prices") || n.startsWith("."), "only hidden staging is left");
    }
    awaitLockExpired(out);
    var result = OrderPricing.get(SharedSpark.spark()).job(JobSpec.builder(List.of(input.toString()), out.toString()).overwrite(true).build()).run();
    assertThat(result.priced()).isEqualTo(20_000);
    assertThat(TestData.readInOrder(SharedSpark.spark(), out, "parquet")).hasSize(20_000);
  }

  /**
   * The one moment of a replacement when nothing is at the output path: the old output has been moved aside and the
   * new one not yet moved in. A run killed right there leaves the old output, whole, where the next run (any run on
   * that output) puts it back before doing anything else.
   */
  @Test
  void aRunKilledWhileReplacingAnOutputLeavesTheOldOneForTheNextRunToPutBack() throws Exception {
    Path input = TestData.write(tmp.resolve("new.jsonl"), "{\"id\":\"NEW-1\",\"total\":1}\n{\"id\":\"NEW-2\",\"total\":\"x\"}\n");
    Path oldInput = TestData.write(tmp.resolve("old.jsonl"), "{\"id\":\"OLD-1\",\"total\":1}\n{\"id\":\"OLD-2\",\"total\":\"x\"}\n");
    Path out = tmp.resolve("prices");
    OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(oldInput.toString()), out.toString())).run();
    Map<String, String> old = contents(out);
    Process p = JobProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"),
        "--input", input.toString(), "--output", out.toString(), "--overwrite",
        "--conf", PricingJob.LOCK_EXPIRY + "=" + LOCK_EXPIRY,
        "--conf", "spark.hadoop.fs.file.impl=" + HaltingFileSystem.class.getName(),
        "--conf", "spark.hadoop." + HaltingFileSystem.AFTER_RENAME_TO + "=_previous");
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isEqualTo(HaltingFileSystem.STATUS);
    assertThat(out).doesNotExist();
    awaitLockExpired(out);

    // A run that may not overwrite still puts the old output back, then refuses.
    assertThatThrownBy(() -> OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(input.toString()), out.toString())).run())
        .isInstanceOf(OutputExistsException.class);
    assertThat(contents(out)).as("the old output and its rejects, as they were").isEqualTo(old);
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(x -> x.getFileName().toString())).noneMatch(n -> n.startsWith(".prices"));
    }
  }

  /** The killed runs' lock expiry: short, so that the next run need not wait a minute for their locks to expire. */
  private static final String LOCK_EXPIRY = "2s";

  /** A killed run's lock is left; it stops counting once untouched for its expiry, and nothing touches it any more. */
  private static void awaitLockExpired(Path output) throws Exception {
    awaitLockExpired(output, LOCK_EXPIRY);
  }

  static void awaitLockExpired(Path output, String expiry) throws Exception {
    Path lock = output.resolveSibling("." + output.getFileName() + ".lock");
    assertThat(lock).as("the killed run's lock is left behind").exists();
    long expiredAt = Files.getLastModifiedTime(lock).toMillis() + java.time.Duration.parse("PT" + expiry).toMillis();
    while (System.currentTimeMillis() <= expiredAt) Thread.sleep(100);
  }

  /** Awaits a file the run makes; the run cannot end first unless it fails, which the caller then reports. */
  private static void awaitFileOrExit(Path file, Process p) throws InterruptedException {
    while (!Files.exists(file) && p.isAlive()) Thread.sleep(50);
  }

  @Test
  void reRunningWithOverwriteGivesByteForByteTheSameFiles() throws Exception {
    Path input = Path.of(WholeRunTest.class.getResource("/bad-input/mixed.jsonl").toURI());
    Path data = tmp.resolve("gen");
    OrderGenerator.orders(SharedSpark.spark(), 20_000, 5).repartition(3).write().parquet(data.toString());
    Path out = tmp.resolve("out");
    JobSpec spec = JobSpec.builder(List.of(input.toString(), data.toString()), out.toString()).overwrite(true).build();
    OrderPricing.get(SharedSpark.spark()).job(spec).run();
    Map<String, String> first = contents(out);
    OrderPricing.get(SharedSpark.spark()).job(spec).run();
    assertThat(first.keySet()).contains("_SUCCESS", "_rejects/_SUCCESS", "_rejects/part-00000.json");
    assertThat(first.keySet().stream().filter(n -> n.startsWith("part-"))).hasSizeGreaterThan(1);
    assertThat(contents(out)).isEqualTo(first);
  }

  /** Every file under a directory, by its relative path; the bytes as ISO-8859-1 text, so maps compare by content. */
  private static Map<String, String> contents(Path dir) throws Exception {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) files.put(dir.relativize(f).toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
    }
    return files;
  }
}
