package orderpricing.yarn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.cli.CommandRun;
import orderpricing.cli.JobProcess;
import orderpricing.hdfs.MiniHdfs;
import orderpricing.hdfs.ResultLines;
import orderpricing.spark.SharedSpark;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application jar on a real YARN ({@link MiniYarn}, over the {@link MiniHdfs} cluster), submitted with
 * {@code scripts/submit --master yarn} as a user would, in client and in cluster deploy mode, reading and writing
 * {@code hdfs://}. A good run gives the rows of a local run in the same order, exits 0, and its application ends
 * SUCCEEDED; failing runs exit non-zero, and in cluster mode their application ends FAILED with the job's exit code.
 */
@ExtendWith({SharedSpark.class, MiniHdfs.class, MiniYarn.class})
class YarnRunIT {
  private static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final int LINES = 20_000, EVERY = 997, REJECTS = LINES / EVERY;

  @TempDir static Path local;
  static Path logs;
  static Path sparkHome;
  static String orders, oneInvalid;

  /** JSON Lines orders (an invalid one every 997th line, several 1 MiB blocks' worth of slices), on HDFS and locally. */
  @BeforeAll
  static void input() throws Exception {
    logs = Files.createDirectories(ROOT.resolve("target/it-yarn-run"));
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= LINES; i++) {
      text.append(i % EVERY == 0 ? "{\"id\":\"Y-" + i + "\",\"total\":\"x\"}" : "{\"id\":\"Y-" + i + "\",\"total\":" + (i % 700) + ".35,\"discount\":0.15}");
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Files.write(local.resolve("orders.jsonl"), bytes);
    orders = MiniHdfs.home() + "/in/orders.jsonl";
    oneInvalid = MiniHdfs.home() + "/in/one-invalid.jsonl";
    try (FileSystem fs = MiniHdfs.fs()) {
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(orders))) {
        out.write(bytes);
      }
      try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(oneInvalid))) {
        out.write("{\"id\":\"A\",\"total\":10}\n{\"id\":\"B\",\"total\":-1}\n{\"id\":\"C\",\"total\":30}\n".getBytes(StandardCharsets.UTF_8));
      }
    }
    sparkHome = Path.of(bash("source scripts/lib/cluster.sh && spark_home \"$PWD\"").strip());
    assertThat(sparkHome.resolve("jars")).isDirectoryContaining("glob:**/spark-yarn_*.jar");
  }

  @Test
  void aGoodRunGivesTheLocalRowsInOrderAndSucceedsInBothDeployModes() throws Exception {
    List<Run> runs = startAll(
        new Case("good-client", "client", good(MiniHdfs.home() + "/prices-client")),
        new Case("good-cluster", "cluster", good(MiniHdfs.home() + "/prices-cluster")));
    CommandRun disk = CommandRun.price("--input", local.resolve("orders.jsonl").toString(), "--output",
        local.resolve("prices").toString(), "--output-format", "json", "--preview", "0");
    assertThat(disk.code()).as(disk.err()).isZero();
    List<String> expected = ResultLines.of(local.resolve("prices").toUri().toString());
    List<String> expectedRejects = ResultLines.withoutSource(ResultLines.of(local.resolve("prices/_rejects").toUri().toString()));
    assertThat(expected).hasSize(LINES - REJECTS);

    awaitAll(runs);
    for (Run run : runs) {
      String out = MiniHdfs.home() + "/prices-" + run.mode();
      assertThat(run.exit()).as("%s: %s", run.name(), run.output()).isZero();
      ApplicationReport app = finished(run.name());
      assertThat(app.getFinalApplicationStatus()).as("%s: %s", run.name(), app.getDiagnostics()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
      assertThat(ResultLines.of(out)).as(run.name()).isEqualTo(expected);
      assertThat(ResultLines.withoutSource(ResultLines.of(out + "/_rejects"))).as(run.name()).isEqualTo(expectedRejects);
      try (FileSystem fs = MiniHdfs.fs()) {
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(out), p -> p.getName().startsWith("part-"))).as(run.name()).hasSizeGreaterThan(2);
      }
      // The report: on the console in client mode, in the ApplicationMaster's (the driver's) stdout in cluster mode.
      String report = run.mode().equals("client") ? run.output() : amLog(app, "stdout");
      assertThat(report).as(run.name()).contains(String.format("Priced %,d of %,d orders (%d rejected", LINES - REJECTS, LINES, REJECTS));
    }
  }

  private static List<String> good(String out) {
    return List.of("--input", orders, "--output", out, "--output-format", "json", "--conf", "spark.sql.files.maxPartitionBytes=256k");
  }

  @Test
  void failingRunsEndNonZeroAndInClusterModeTheirApplicationFailed() throws Exception {
    String missing = MiniHdfs.home() + "/in/no-such-orders.jsonl";
    List<Run> runs = startAll(
        new Case("missing", "cluster", List.of("--input", missing, "--output", MiniHdfs.home() + "/out-missing")),
        new Case("invalid-fail", "cluster", List.of("--input", oneInvalid, "--output", MiniHdfs.home() + "/out-invalid-fail",
            "--on-invalid", "fail")),
        new Case("over-limit", "cluster", List.of("--input", oneInvalid, "--output", MiniHdfs.home() + "/out-over-limit",
            "--max-rejects", "0")),
        new Case("over-limit-client", "client", List.of("--input", oneInvalid, "--output", MiniHdfs.home() + "/out-over-limit-client",
            "--max-rejects", "0")));
    awaitAll(runs);
    Map<String, ApplicationReport> apps = new HashMap<>();
    try (FileSystem fs = MiniHdfs.fs()) {
      for (Run run : runs) {
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(MiniHdfs.home() + "/out-" + run.name().substring("yarn-it-".length()))))
            .as("%s left an output", run.name()).isFalse();
        if (run.mode().equals("cluster")) {
          // spark-submit's own code for an application that ended FAILED; the job's code is the ApplicationMaster's.
          assertThat(run.exit()).as("%s: %s", run.name(), run.output()).isEqualTo(1);
          ApplicationReport app = finished(run.name());
          assertThat(app.getFinalApplicationStatus()).as("%s: %s", run.name(), app.getDiagnostics()).isEqualTo(FinalApplicationStatus.FAILED);
          // Not pre-empted by an exit before the ApplicationMaster reported the final status.
          assertThat(app.getDiagnostics()).as(run.name()).doesNotContain("Shutdown hook called before final status");
          apps.put(run.name(), app);
        }
      }
    }
    // Failed with the job's own exit code (the ApplicationMaster's diagnostics), its one-line reason in the driver's log.
    assertThat(apps.get("yarn-it-missing").getDiagnostics()).isEqualTo("User application exited with status 1");
    assertThat(amLog(apps.get("yarn-it-missing"), "stderr")).contains("order-pricing: ").contains(missing)
        .doesNotContain("\tat orderpricing.");
    assertThat(apps.get("yarn-it-invalid-fail").getDiagnostics()).isEqualTo("User application exited with status 1");
    // The reject limit (--max-rejects): the job's exit code 3, in client mode as spark-submit's own.
    assertThat(apps.get("yarn-it-over-limit").getDiagnostics()).isEqualTo("User application exited with status 3");
    Run overLimitClient = runs.get(3);
    assertThat(overLimitClient.exit()).as(overLimitClient.output()).isEqualTo(3);
    // In client mode the driver stops Spark with its exit code, which the ApplicationMaster reports.
    assertThat(finished(overLimitClient.name()).getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.FAILED);
  }

  // ---- submissions ----

  record Case(String name, String mode, List<String> job) {}

  record Run(String name, String mode, Process process, Path log) {
    Run await() throws InterruptedException {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        fail("%s did not end within %s; its log ends:%n%s", name, TIMEOUT, tail(output(), 40));
      }
      return this;
    }

    int exit() {
      return process.exitValue();
    }

    String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }
  }

  /**
   * Starts {@code scripts/submit --master yarn --deploy-mode MODE ... -- JOB} for every case at once (YARN queues
   * what does not fit; the names tell the applications apart).
   */
  private static List<Run> startAll(Case... cases) throws IOException {
    List<Run> runs = new ArrayList<>();
    for (Case c : cases) {
      String name = "yarn-it-" + c.name();
      List<String> command = new ArrayList<>(List.of("scripts/submit", "--master", "yarn", "--deploy-mode", c.mode(),
          "--name", name, "--driver-memory", "512m", "--executor-memory", "512m", "--num-executors", "1", "--executor-cores", "2",
          "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*",
          "--conf", "spark.driver.extraJavaOptions=" + JobProcess.QUICK_JIT, "--conf", "spark.executor.extraJavaOptions=" + JobProcess.QUICK_JIT,
          "--conf", "spark.yarn.am.extraJavaOptions=" + JobProcess.QUICK_JIT, "--"));
      command.addAll(c.job());
      command.addAll(List.of("--preview", "0"));
      Path log = logs.resolve(name + ".log");
      ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
      pb.environment().clear();
      pb.environment().putAll(env());
      runs.add(new Run(name, c.mode(), pb.start(), log));
    }
    return runs;
  }

  /** Waits for every run to end; whatever still runs when one of them fails the test is ended too. */
  private static void awaitAll(List<Run> runs) throws InterruptedException {
    try {
      for (Run run : runs) run.await();
    } finally {
      for (Run run : runs) {
        if (run.process().isAlive()) {
          run.process().descendants().forEach(ProcessHandle::destroy);
          run.process().destroy();
        }
      }
    }
  }

  private static Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("SPARK_HOME");
    env.remove("YARN_CONF_DIR");
    env.put("HADOOP_CONF_DIR", MiniYarn.confDir().toString());
    env.put("ORDER_PRICING_CLUSTER_DIR", local.resolve("no-local-cluster").toString());
    env.put("ORDER_PRICING_NO_BUILD", "1");
    env.put("ORDER_PRICING_APP_JAR", ROOT.resolve("target/order-pricing-1.0.0-SNAPSHOT-app.jar").toString());
    env.put("ORDER_PRICING_JAVA_OPTS", JobProcess.QUICK_JIT); // scripts/submit's JVM, the driver in client mode
    return env;
  }

  // ---- the ResourceManager's view ----

  /** The application of that name, once the ResourceManager has it in a final state. */
  private static ApplicationReport finished(String name) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (true) {
      List<ApplicationReport> apps = MiniYarn.applications().stream().filter(a -> a.getName().equals(name)).toList();
      assertThat(apps).as("applications named %s", name).hasSizeLessThanOrEqualTo(1);
      if (!apps.isEmpty() && isFinal(apps.get(0).getYarnApplicationState())) return apps.get(0);
      if (System.nanoTime() > deadline) return fail("%s: no final state in the ResourceManager within a minute: %s", name, apps);
      Thread.sleep(200);
    }
  }

  private static boolean isFinal(YarnApplicationState state) {
    return state == YarnApplicationState.FINISHED || state == YarnApplicationState.FAILED || state == YarnApplicationState.KILLED;
  }

  /** The ApplicationMaster's log file (stdout or stderr): its container is the application's first. */
  private static String amLog(ApplicationReport app, String file) throws IOException {
    Path dir = MiniYarn.containerLogs().resolve(app.getApplicationId().toString());
    try (Stream<Path> containers = Files.list(dir)) {
      Path am = containers.filter(p -> p.getFileName().toString().endsWith("_000001")).findFirst()
          .orElseThrow(() -> new AssertionError("no ApplicationMaster container log in " + dir));
      return Files.readString(am.resolve(file), StandardCharsets.UTF_8);
    }
  }

  // ---- files ----



  private static String bash(String script) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-c", script).directory(ROOT.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("bash -c %s", script).isZero();
    return out;
  }

  private static String tail(String text, int lines) {
    List<String> all = text.lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
