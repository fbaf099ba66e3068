package orderpricing.cluster;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import orderpricing.cluster.LocalCluster.Result;
import orderpricing.cluster.LocalCluster.Submission;
import orderpricing.hdfs.MiniHdfs;
import orderpricing.rates.PostgresServer;
import orderpricing.tools.OrderGenerator;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job on a real Spark standalone cluster: {@code scripts/cluster start} (a master and two workers, each its own
 * JVM, executors launched by the workers), {@code scripts/submit}, and the result compared row for row, in order,
 * with a {@code local[*]} run of the same job over the same 200,000 orders, read from and written to a real HDFS (a
 * MiniDFSCluster in this JVM). Then the same with an executor JVM killed while the pricing stage runs, and with a
 * worker JVM killed outright; cluster deploy mode (the driver on a worker), where scripts/submit must exit with the
 * job's outcome; and submissions without the cluster's secret, which the master must refuse. The cluster is stopped at the end whatever happened, and nothing of it may
 * be left running. The local run uses the same application jar, with Spark on the classpath instead of a cluster.
 *
 * <p>The tests share one cluster and run in order; the worker is killed last, since the cluster has one worker less
 * afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(MiniHdfs.class)
class StandaloneClusterIT {
  private static final int ORDERS = 200_000;
  private static final int FILES = 4;
  /** The one JSON Lines file cut into slices: about 4 MB. */
  private static final int JSONL_ORDERS = 50_000;
  private static final long SEED = 7;
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

  /**
   * In the driver's log (the job's --verbose turns Spark's INFO on): the pricing stage is next, by the job's own
   * line or by Spark's for the job that writes the output; a task starts, on an executor.
   */
  private static final Pattern PRICING = Pattern.compile("PricingJob: Pricing\\b|SparkContext: Starting job: (save|parquet|json|csv) at");
  private static final Pattern TASK_START = Pattern.compile("Starting task \\S+ in stage \\S+ \\(TID \\d+\\) \\([^,]+, ?executor (\\d+),");

  /**
   * A job starts once both workers' executors have registered (a standalone application waits for spark.cores.max
   * cores), so its first tasks have an executor each, however late the second one starts.
   */
  private static final List<String> BOTH_EXECUTORS =
      List.of("--conf", "spark.cores.max=2", "--conf", "spark.scheduler.minRegisteredResourcesRatio=1");

  private final Path work = LocalCluster.ROOT.resolve("target/it-cluster-run");
  private LocalCluster cluster;
  private SparkSession spark;
  private Path input;
  private Path appJar;
  private List<String> expected;
  private String secret;
  private final Set<Long> clusterPids = new LinkedHashSet<>();
  private final List<Submission> submissions = new ArrayList<>();
  private Submission withoutSecret;
  private Submission wrongSecret;

  @BeforeAll
  void startClusterAndPriceLocally() throws Exception {
    deleteTree(work);
    Files.createDirectories(work);
    // The jar Maven just built, copied: both runs use this very build, whatever rebuilds target/ meanwhile.
    appJar = Files.copy(LocalCluster.ROOT.resolve("target/order-pricing-1.0.0-SNAPSHOT-app.jar"), work.resolve("order-pricing-app.jar"));
    cluster = new LocalCluster(LocalCluster.ROOT.resolve("target/it-cluster"), work.resolve("logs"), appJar);
    Result started = cluster.start(2);
    assertThat(started.output()).as("start prints the master URL and the web UI address")
        .contains(cluster.masterUrl()).contains(cluster.webUi());
    assertThat(cluster.masterUrl()).startsWith("spark://127.0.0.1:");
    clusterPids.add(cluster.masterPid());
    clusterPids.add(cluster.workerPid(1));
    clusterPids.add(cluster.workerPid(2));
    secret = Files.readString(cluster.state.resolve("secret")).strip();

    spark = SparkSession.builder().master("local[2]").appName("cluster-it")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    input = work.resolve("orders");
    OrderGenerator.orders(spark, ORDERS, SEED).repartitionByRange(FILES, col("id")).sortWithinPartitions("id")
        .write().mode(SaveMode.ErrorIfExists).parquet(input.toString());
    try (Stream<Path> parts = Files.list(input)) {
      assertThat(parts.filter(p -> p.getFileName().toString().endsWith(".parquet"))).as("input files").hasSize(FILES);
    }

    // Two submissions without the cluster's secret, started now: the master refuses them at once, but the driver
    // only gives up after Spark's registration retries (about a minute), which then overlap with the runs below.
    Map<String, String> outsider = cluster.env();
    outsider.put("ORDER_PRICING_CLUSTER_DIR", work.resolve("not-a-cluster").toString());
    withoutSecret = track(cluster.submit("submit-without-secret", outsider, List.of("--master", cluster.masterUrl()),
        jobOptions(work.resolve("out-without-secret"))));
    wrongSecret = track(cluster.submit("submit-wrong-secret", cluster.env(),
        List.of("--conf", "spark.authenticate.secret=" + "0".repeat(64)), jobOptions(work.resolve("out-wrong-secret"))));

    Path local = work.resolve("out-local");
    Result run = localRun("local-run", input, local);
    assertThat(run.exit()).as("local run:%n%s", run.output()).isZero();
    expected = rows(local);
    assertThat(expected).hasSize(ORDERS + 1);
    assertThat(expected.get(0)).matches("schema struct<id:string,total:decimal\\(\\d+,\\d+\\),discount:decimal\\(\\d+,\\d+\\),"
        + "discount_amount:decimal\\(\\d+,2\\),tax:decimal\\(\\d+,2\\),price:decimal\\(\\d+,2\\)>");
    for (int i = 1; i <= ORDERS; i += 9_973) {
      assertThat(expected.get(i)).as("row %d of the local run", i).startsWith(String.format("ORD-%09d|", i));
    }
  }

  /** The job on local[*] in a JVM of its own, from the same application jar, without an event log. */
  private Result localRun(String name, Path in, Path out, String... options) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + LocalCluster.ROOT.resolve("conf/jvm-options"), orderpricing.cli.JobProcess.QUICK_JIT, "-Xmx1g",
        "-Dorderpricing.conf=" + LocalCluster.ROOT.resolve("conf"),
        "-Dlog4j2.configurationFile=" + LocalCluster.ROOT.resolve("conf/log4j2.properties"),
        "-cp", appJar + ":" + cluster.sparkHome().resolve("jars") + "/*", "orderpricing.cli.PriceCommand", "--master", "local[*]",
        "--input", in.toString(), "--output", out.toString(), "--conf", "spark.eventLog.enabled=false"));
    command.addAll(List.of(options));
    return cluster.run(name, JOB_TIMEOUT, cluster.env(), command.toArray(String[]::new));
  }

  @AfterAll
  void stopClusterAndCheckNothingIsLeft() throws Exception {
    try {
      for (Submission s : submissions) if (s.process().isAlive()) s.destroy();
    } finally {
      try {
        if (cluster != null) {
          Result stopped = cluster.stop();
          assertThat(stopped.exit()).as("scripts/cluster stop:%n%s", stopped.output()).isZero();
          for (Long pid : clusterPids) {
            assertThat(LocalCluster.alive(pid)).as("process %d of the cluster (%s) after stop", pid, LocalCluster.commandLine(pid)).isFalse();
          }
          assertThat(cluster.clusterProcesses()).as("processes of the cluster after stop").isEmpty();
          assertThat(cluster.state.resolve("master.pid")).doesNotExist();
        }
      } finally {
        if (spark != null) spark.stop();
      }
    }
  }

  @Test
  @Order(1)
  void clusterIsPrivateAndListensOnLoopbackOnly() throws Exception {
    Result status = cluster.status();
    assertThat(status.exit()).as("status:%n%s", status.output()).isZero();
    assertThat(status.output()).contains(cluster.masterUrl()).contains(cluster.webUi())
        .containsPattern("master +pid " + cluster.masterPid() + " +running")
        .containsPattern("worker-1 +pid " + cluster.workerPid(1) + " +running")
        .containsPattern("worker-2 +pid " + cluster.workerPid(2) + " +running");

    assertThat(secret).matches("[0-9a-f]{64}");
    for (String file : List.of("secret", "daemon.conf")) {
      assertThat(Files.getPosixFilePermissions(cluster.state.resolve(file))).as(file)
          .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
    for (long pid : List.of(cluster.masterPid(), cluster.workerPid(1), cluster.workerPid(2))) {
      List<String> listening = LocalCluster.listeningAddresses(pid);
      assertThat(listening).as("listening sockets of %s", LocalCluster.commandLine(pid)).hasSizeGreaterThanOrEqualTo(2)
          .allMatch(a -> a.startsWith("127.0.0.1:"));
      assertThat(LocalCluster.commandLine(pid)).doesNotContain(secret);
    }

    // The master's web UI: both workers registered and alive; its environment page shows the secret redacted.
    String json = get(cluster.webUi() + "/json/");
    assertThat(json).containsPattern("\"aliveworkers\" *: *2").containsPattern("\"status\" *: *\"ALIVE\"");
    String environment = get(cluster.webUi() + "/environment/");
    assertThat(environment).contains("spark.authenticate.secret").doesNotContain(secret);
  }

  private static String get(String url) throws IOException, InterruptedException {
    HttpResponse<String> page = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).as("GET %s", url).isEqualTo(200);
    return page.body();
  }

  /**
   * The orders read from and the prices written to a real HDFS (a MiniDFSCluster of 1 MiB blocks), by executors on
   * both workers: the same rows in the same order as the local run from the local
   * disk, committed by HDFS's rename.
   */
  @Test
  @Order(2)
  void clusterRunFromHdfsToHdfsEqualsLocalRunRowForRowOnSeveralExecutors() throws Exception {
    String inHdfs = MiniHdfs.home() + "/cluster/orders", outHdfs = MiniHdfs.home() + "/cluster/prices";
    try (FileSystem fs = MiniHdfs.fs()) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(input.toUri()), new org.apache.hadoop.fs.Path(inHdfs));
      long bytes = 0;
      for (FileStatus f : fs.listStatus(new org.apache.hadoop.fs.Path(inHdfs), p -> p.getName().endsWith(".parquet"))) bytes += f.getLen();
      assertThat(bytes).as("the input on HDFS, in blocks of %d bytes", MiniHdfs.BLOCK).isGreaterThan(2 * MiniHdfs.BLOCK);
    }
    List<String> commandLines = new ArrayList<>();
    Run run = submitJob("cluster", List.of("--input", inHdfs, "--output", outHdfs), s -> LocalCluster.forEachProcess((pid, cmd) -> {
      if (cmd.contains(secret)) commandLines.add(pid + ": " + cmd);
    }));
    assertThat(commandLines).as("command lines holding the secret while the job runs").isEmpty();

    assertSameRows(run);
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(outHdfs, "_SUCCESS"))).as("_SUCCESS on HDFS").isTrue();
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(MiniHdfs.home() + "/cluster"))).extracting(f -> f.getPath().getName())
          .as("nothing left beside the output").containsExactlyInAnyOrder("orders", "prices");
    }
    EventLog log = run.log();
    assertThat(log.executorsWithSuccessfulTasks()).as("executors that ran tasks").hasSizeGreaterThan(1);
    assertThat(log.failedTasks()).isEmpty();
    // The files are packed into partitions by size, as Spark packs them: at least a task for each of the two workers.
    assertThat(log.tasksPerStage().values()).as("tasks per stage").anyMatch(n -> n >= 2);
    assertThat(log.raw).as("event log").doesNotContain(secret);
    assertThat(run.submission().output()).as("driver output").doesNotContain(secret);
  }

  @Test
  @Order(2)
  void aBigJsonLinesFileIsSplitAcrossBothWorkersExecutorsAndEqualsTheLocalRun() throws Exception {
    awaitNoExecutors();
    Path jsonl = work.resolve("orders-jsonl");
    OrderGenerator.orders(spark, JSONL_ORDERS, SEED).coalesce(1).write().mode(SaveMode.ErrorIfExists).json(jsonl.toString());
    String split = "spark.sql.files.maxPartitionBytes=256k";
    Path local = work.resolve("out-local-jsonl");
    Result localRun = localRun("local-run-jsonl", jsonl, local, "--conf", split);
    assertThat(localRun.exit()).as("local run:%n%s", localRun.output()).isZero();

    Path out = work.resolve("out-cluster-jsonl");
    Path events = Files.createDirectories(work.resolve("events-cluster-jsonl"));
    Submission s = track(cluster.submit("cluster-jsonl", cluster.env(), withBothExecutors("--conf", "spark.eventLog.dir=" + events.toUri()),
        List.of("--input", jsonl.toString(), "--output", out.toString(), "--conf", split)));
    int exit = s.await(JOB_TIMEOUT);
    assertThat(exit).as("cluster run; stderr ends:%n%s", LocalCluster.tail(s.stderr(), 60)).isZero();

    List<String> onCluster = rows(out);
    assertThat(onCluster).hasSize(JSONL_ORDERS + 1).containsExactlyElementsOf(rows(local));
    EventLog log = EventLog.in(events);
    assertThat(log.executorsWithSuccessfulTasks()).as("executors that read and priced the one file").hasSizeGreaterThan(1);
    long bytes;
    try (Stream<Path> parts = Files.list(jsonl)) {
      bytes = parts.filter(p -> p.getFileName().toString().endsWith(".json")).mapToLong(p -> p.toFile().length()).sum();
    }
    assertThat(log.tasksPerStage().values()).as("tasks per stage, for a file of %d bytes cut at 256 KB", bytes)
        .anyMatch(n -> n >= bytes / (256 << 10));
    assertThat(log.failedTasks()).isEmpty();
  }

  @Test
  @Order(4)
  void executorKilledWhilePricingIsReplacedAndTheOutputIsIdentical() throws Exception {
    String[] killed = new String[1];
    Run run = submitJob("executor-lost", s -> {
      Matcher task = s.awaitLog(PRICING, TASK_START, JOB_TIMEOUT);
      killed[0] = task.group(1);
      kill(cluster.executorPid(killed[0]));
    });

    assertSameRows(run);
    EventLog log = run.log();
    assertThat(log.failedTasks()).as("tasks lost with the executor").contains("ExecutorLostFailure on executor " + killed[0]);
    assertThat(log.removedExecutors()).contains(killed[0]);
    // Each task lost with it ran again, to the end, elsewhere (on the other executor or on its replacement, whichever
    // is free first).
    Map<String, Set<String>> lost = log.tasksLostOn(killed[0]);
    assertThat(lost).as("tasks lost with executor %s", killed[0]).isNotEmpty();
    lost.forEach((task, redoneOn) -> assertThat(redoneOn).as("executors on which %s succeeded", task)
        .isNotEmpty().doesNotContain(killed[0]));
    // The master launched a new executor for the application once the worker reported the old one gone.
    List<String> master = LocalCluster.read(cluster.state.resolve("logs/master.log")).lines().toList();
    String app = log.applicationId();
    int removed = indexOf(master, "Removing executor " + app + "/" + killed[0] + " because it is");
    assertThat(removed).as("the master's log removing executor %s of %s", killed[0], app).isNotNegative();
    assertThat(master.subList(removed, master.size())).as("the master's log after the removal")
        .anyMatch(line -> line.matches(".*Launching executor " + Pattern.quote(app) + "/\\d+ on worker .*"));
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i;
    return -1;
  }

  @Test
  @Order(5)
  void workerKilledOutrightLosesItsExecutorAndTheOutputIsIdentical() throws Exception {
    String[] lost = new String[1];
    long[] pids = new long[2];
    int[] worker = new int[1];
    Run run = submitJob("worker-lost", s -> {
      Matcher task = s.awaitLog(PRICING, TASK_START, JOB_TIMEOUT);
      lost[0] = task.group(1);
      pids[0] = cluster.executorPid(lost[0]);
      worker[0] = cluster.workerOf(pids[0]);
      pids[1] = cluster.workerPid(worker[0]);
      kill(pids[1]);
    });

    assertSameRows(run);
    EventLog log = run.log();
    assertThat(log.failedTasks()).as("tasks lost with the worker").contains("ExecutorLostFailure on executor " + lost[0]);
    assertThat(log.removedExecutors()).contains(lost[0]);
    // The executor of the dead worker does not outlive it.
    assertThat(ProcessHandle.of(pids[0]).map(h -> h.onExit().completeOnTimeout(h, 60, TimeUnit.SECONDS).join().isAlive()).orElse(false))
        .as("executor %d of the killed worker", pids[0]).isFalse();

    Result status = cluster.status();
    assertThat(status.exit()).as("status with a worker down:%n%s", status.output()).isEqualTo(1);
    assertThat(status.output()).containsPattern("worker-" + worker[0] + " +pid " + pids[1] + " +not running");
  }

  @Test
  @Order(6)
  void submissionsWithoutTheSecretAreRefused() throws Exception {
    int exit = withoutSecret.await(Duration.ofMinutes(4));
    assertThat(exit).as("submission without the secret:%n%s", withoutSecret.output()).isNotZero();
    assertThat(withoutSecret.output()).as("submission without the secret")
        .contains("Expected SaslMessage, received something else (maybe your client does not have SASL enabled?)");
    assertThat(work.resolve("out-without-secret")).doesNotExist();

    exit = wrongSecret.await(Duration.ofMinutes(4));
    assertThat(exit).as("submission with a wrong secret:%n%s", wrongSecret.output()).isNotZero();
    assertThat(wrongSecret.output()).as("submission with a wrong secret")
        .containsPattern("SaslException: DIGEST-MD5: .*Mismatched response");
    assertThat(work.resolve("out-wrong-secret")).doesNotExist();

    // Refused by the master, which says so in its own log.
    assertThat(LocalCluster.read(cluster.state.resolve("logs/master.log")))
        .contains("Expected SaslMessage").containsPattern("SaslException: DIGEST-MD5: .*Mismatched response");
  }

  /**
   * Customer rates looked up on the executors (--rates-lookup executor) from a real PostgreSQL server. While the run
   * goes on, pg_stat_activity shows its connections; each is traced, by its socket, to the process that holds it:
   * those named order-pricing-executor-N belong to executor N's JVM, the driver holds only its snapshot's connection.
   * Over the whole run (the server logs every connection) no executor opened more connections than it has task
   * slots. Every priced order carries its own discount or its customer's rate, in input order, and its customer
   * (--keep-columns).
   */
  @Test
  @Order(3)
  void executorRateLookupsConnectFromTheExecutorJvmsWithinTheirTaskSlots() throws Exception {
    PostgresServer db = new PostgresServer();
    db.start(work.resolve("postgres"));
    try {
      // 10,000 customers, of whom the last 100 have no rate; two orders in three have no discount of their own.
      db.sql("CREATE TABLE customer_rates (customer_id text PRIMARY KEY, rate numeric(5, 3))",
          "INSERT INTO customer_rates SELECT 'C-' || n, (n % 300) / 1000.0 FROM generate_series(0, 9899) n");
      Path orders = work.resolve("orders-with-customers");
      Dataset<Row> generated = OrderGenerator.orders(spark, ORDERS, SEED);
      Column n = substring(col("id"), 5, 9).cast("long");
      generated.select(col("id"), col("total"), when(n.mod(3).equalTo(0), col("discount")).as("discount"),
              concat(lit("C-"), n.mod(10_000)).as("customer_id"))
          .repartitionByRange(FILES, col("id")).sortWithinPartitions("id").write().parquet(orders.toString());

      awaitNoExecutors();
      Path out = work.resolve("out-rates");
      Path summary = work.resolve("rates-summary.json");
      Submission s = track(cluster.submit("rates-executor", cluster.env(),
          List.of("--conf", "spark.eventLog.dir=" + Files.createDirectories(work.resolve("events-rates")).toUri()),
          List.of("--input", orders.toString(), "--output", out.toString(), "--summary", summary.toString(), "--verbose",
              "--rates", db.url(), "--rates-properties", db.propertiesFile().toString(), "--rates-lookup", "executor",
              "--keep-columns", "customer_id")));
      s.awaitLog(PRICING, TASK_START, JOB_TIMEOUT);
      clusterPids.addAll(cluster.executorPids());

      // Until the run ends: which process holds each of its connections (its pid and command line, as it is then).
      Map<String, String> owners = new TreeMap<>(); // "application_name port" -> "pid: command line"
      int pgPort = Integer.parseInt(db.port());
      while (s.process().isAlive()) {
        try (var c = db.connect(); var st = c.createStatement(); var rs = st.executeQuery(
            "SELECT application_name, client_port FROM pg_stat_activity WHERE application_name LIKE 'order-pricing-%'")) {
          while (rs.next()) {
            String key = rs.getString(1) + " " + rs.getInt(2);
            if (owners.containsKey(key)) continue;
            LocalCluster.connectionOwner(rs.getInt(2), pgPort).ifPresent(pid -> owners.put(key, pid + ": " + LocalCluster.commandLine(pid)));
          }
        }
        Thread.sleep(100);
      }
      int exit = s.await(JOB_TIMEOUT);
      assertThat(exit).as("rates run; stderr ends:%n%s", LocalCluster.tail(s.stderr(), 60)).isZero();

      assertThat(owners.keySet()).as("connections seen while the run went on").anyMatch(k -> k.startsWith("order-pricing-executor-"));
      owners.forEach((key, process) -> {
        String name = key.substring(0, key.indexOf(' '));
        if (name.startsWith("order-pricing-executor-")) {
          String executor = name.substring("order-pricing-executor-".length());
          assertThat(process).as("the process holding %s", key)
              .contains("CoarseGrainedExecutorBackend").contains(" --executor-id " + executor + " ");
        } else {
          assertThat(name).as("the driver's one connection").isEqualTo("order-pricing-driver");
          assertThat(process).as("the process holding %s", key).contains("SparkSubmit").doesNotContain("CoarseGrainedExecutorBackend");
        }
      });

      // Every connection of the run, from the server's log once the executors are gone and their connections closed.
      awaitNoExecutors();
      Map<String, Integer> connections = closedConnections(db.serverLog());
      assertThat(connections).as("connections of the run, by application name").containsEntry("order-pricing-driver", 1)
          .doesNotContainKey("order-pricing-executor-driver");
      connections.forEach((name, count) -> {
        if (name.startsWith("order-pricing-executor-")) {
          assertThat(count).as("connections of %s over the whole run", name).isBetween(1, cluster.workerCores());
        }
      });

      String json = Files.readString(summary);
      assertThat(json).containsPattern("\"lookup\" *: *\"executor\"").containsPattern("\"unknown_customers\" *: *100\\b")
          .containsPattern("\"customers\" *: *9900\\b").doesNotContain(db.password());
      assertThat(s.output()).doesNotContain(db.password());

      // Each priced order at its own discount or its customer's rate; the orders of the 100 customers without a
      // rate rejected; the rest in input order.
      Dataset<Row> in = spark.read().parquet(orders.toString());
      Dataset<Row> priced = spark.read().parquet(out.toString());
      Column customer = substring(in.col("customer_id"), 3, 5).cast("long");
      Column rate = customer.mod(300).cast(org.apache.spark.sql.types.DataTypes.createDecimalType(5, 0)).divide(lit(new BigDecimal(1000)));
      Column expected = coalesce(in.col("discount"), when(customer.lt(9_900), rate));
      assertThat(priced.columns()).as("the kept column after the priced ones")
          .containsExactly("id", "total", "discount", "discount_amount", "tax", "price", "customer_id");
      long wrong = in.join(priced, in.col("id").equalTo(priced.col("id")))
          .where(not(priced.col("discount").eqNullSafe(expected)).or(not(priced.col("customer_id").eqNullSafe(in.col("customer_id"))))).count();
      assertThat(wrong).as("orders priced at another rate than their own discount or their customer's, or not with their customer").isZero();
      long rejected = in.where(in.col("discount").isNull().and(customer.geq(9_900))).count();
      assertThat(rejected).isPositive();
      assertThat(priced.count()).isEqualTo(ORDERS - rejected);
      List<String> ids = new ArrayList<>();
      for (Path part : parts(out)) ids.addAll(spark.read().parquet(part.toString()).select("id").as(Encoders.STRING()).collectAsList());
      assertThat(ids).as("priced orders in input order").isSorted().hasSize((int) (ORDERS - rejected));
    } finally {
      db.stop();
    }
  }

  // ---- cluster deploy mode: the driver on a worker, scripts/submit waiting for it ----

  private static final Pattern DRIVER_ID = Pattern.compile("submitted as (driver-\\d+-\\d+)");

  /**
   * {@code scripts/submit --deploy-mode cluster}: a worker launches the driver and gives it the cluster's secret in its
   * environment, as it does executors; no command line holds the secret. scripts/submit waits for the driver and exits
   * 0 once it has FINISHED, showing its report. The paths are relative: the driver works in a worker's directory, and
   * scripts/submit makes them absolute against its own for the local cluster. The rows equal the local run's.
   */
  @Test
  @Order(3)
  void clusterDeployModeRunsTheDriverOnAWorkerAndExitsZeroWithTheSameRows() throws Exception {
    awaitNoExecutors();
    Path out = work.resolve("out-deploy-cluster");
    Submission s = track(cluster.submit("deploy-cluster", cluster.env(), List.of("--deploy-mode", "cluster"),
        List.of("--input", LocalCluster.ROOT.relativize(input).toString(), "--output", LocalCluster.ROOT.relativize(out).toString())));
    List<String> withSecret = new ArrayList<>();
    while (s.process().isAlive()) {
      LocalCluster.forEachProcess((pid, cmd) -> {
        if (cmd.contains(secret)) withSecret.add(pid + ": " + cmd);
      });
      Thread.sleep(200);
    }
    int exit = s.await(JOB_TIMEOUT);
    assertThat(exit).as("scripts/submit --deploy-mode cluster:%n%s", s.output()).isZero();
    assertThat(withSecret).as("command lines holding the secret while the driver ran").isEmpty();
    String driver = driverId(s);
    assertThat(driverState(driver)).isEqualTo("FINISHED");
    assertThat(s.output()).contains(String.format("Priced %,d of %,d orders (0 rejected", ORDERS, ORDERS))
        .contains("Output:  " + out).doesNotContain(secret);

    // The driver ran in a worker's directory, launched without the secret on its command line.
    Path driverDir;
    try (Stream<Path> dirs = Files.list(cluster.state.resolve("work"))) {
      driverDir = dirs.map(w -> w.resolve(driver)).filter(Files::isDirectory).findFirst().orElseThrow();
    }
    String driverLog = Files.readString(driverDir.resolve("stderr"));
    assertThat(driverLog).contains("Launch Command: ").contains("DriverWrapper").doesNotContain(secret);
    assertThat(rows(out)).containsExactlyElementsOf(expected);
  }

  /** A driver that fails (the input is missing): it ends FAILED, and scripts/submit exits 1 with the job's message. */
  @Test
  @Order(3)
  void clusterDeployModeFailedRunExitsOne() throws Exception {
    awaitNoExecutors();
    Path missing = work.resolve("no-such-orders.parquet"), out = work.resolve("out-deploy-cluster-missing");
    Submission s = track(cluster.submit("deploy-cluster-missing", cluster.env(), List.of("--deploy-mode", "cluster"),
        List.of("--input", missing.toString(), "--output", out.toString())));
    int exit = s.await(JOB_TIMEOUT);
    assertThat(exit).as("scripts/submit --deploy-mode cluster, missing input:%n%s", s.output()).isEqualTo(1);
    assertThat(driverState(driverId(s))).as("the driver's final state on the master").isEqualTo("FAILED");
    assertThat(s.output()).contains("order-pricing: " + missing + ": no such file").contains("ended FAILED: exit code 1");
    assertThat(out).doesNotExist();
  }

  /**
   * With --status on HDFS, an over-limit run (--max-rejects 0, one invalid order): the driver ends FAILED, which alone
   * would give 1; scripts/submit exits 3, the exit code of the run record the driver wrote.
   */
  @Test
  @Order(3)
  void clusterDeployModeExitsWithTheRunRecordsExitCode() throws Exception {
    awaitNoExecutors();
    Path orders = Files.writeString(work.resolve("one-invalid.jsonl"),
        "{\"id\":\"R-1\",\"total\":10}\n{\"id\":\"R-2\",\"total\":\"x\"}\n{\"id\":\"R-3\",\"total\":30}\n");
    String record = MiniHdfs.home() + "/runs/over-limit.json";
    Path out = work.resolve("out-deploy-cluster-over-limit");
    Submission s = track(cluster.submit("deploy-cluster-over-limit", cluster.env(), List.of("--deploy-mode", "cluster"),
        List.of("--input", orders.toString(), "--output", out.toString(), "--max-rejects", "0", "--status", record)));
    int exit = s.await(JOB_TIMEOUT);
    assertThat(exit).as("scripts/submit --deploy-mode cluster, over the reject limit:%n%s", s.output()).isEqualTo(3);
    assertThat(driverState(driverId(s))).as("the driver's final state on the master").isEqualTo("FAILED");
    try (FileSystem fs = MiniHdfs.fs(); var in = fs.open(new org.apache.hadoop.fs.Path(record))) {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      assertThat(json.path("status").asText()).isEqualTo("over-reject-limit");
      assertThat(json.path("exit_code").asInt(-1)).isEqualTo(3);
    }
    assertThat(s.output()).contains("its run record " + record + " gives exit code 3");
    assertThat(out).doesNotExist();
  }

  /**
   * The reading side of scripts/submit (standalone_record_exit: RunRecordExit on the application jar and Spark's
   * jars) on a record on HDFS: a record written since the submission began gives its exit code; one that started
   * before it is an earlier run's and gives nothing, so scripts/submit falls back to the driver's state.
   */
  @Test
  @Order(3)
  void aRunRecordOnHdfsGivesItsExitCodeUnlessAnEarlierRunWroteIt() throws Exception {
    String record = MiniHdfs.home() + "/runs/written.json";
    java.time.Instant started = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    try (FileSystem fs = MiniHdfs.fs(); var o = fs.create(new org.apache.hadoop.fs.Path(record))) {
      o.write(("{\"status\":\"over-reject-limit\",\"exit_code\":3,\"reason\":\"2 of 3 rejected\",\"started\":\"" + started
          + "\",\"ended\":\"" + started.plusSeconds(4) + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    String classpath = appJar + ":" + cluster.sparkHome().resolve("jars") + "/*";
    Result fresh = cluster.run("record-fresh", Duration.ofMinutes(1), cluster.env(), "bash", "-c",
        "source scripts/lib/cluster.sh && standalone_record_exit \"$0\" \"$1\" \"$2\"", record, String.valueOf(started.toEpochMilli()), classpath);
    assertThat(fresh.exit()).as(fresh.output()).isZero();
    assertThat(fresh.output().strip().lines().reduce((a, b) -> b)).as(fresh.output()).hasValue("3");
    Result earlier = cluster.run("record-earlier", Duration.ofMinutes(1), cluster.env(), "bash", "-c",
        "source scripts/lib/cluster.sh && standalone_record_exit \"$0\" \"$1\" \"$2\"", record, String.valueOf(started.toEpochMilli() + 1), classpath);
    assertThat(earlier.exit()).isEqualTo(1);
    assertThat(earlier.output()).contains("order-pricing: run record " + record + ": an earlier run's");
  }

  private static String driverId(Submission s) {
    Matcher m = DRIVER_ID.matcher(s.output());
    assertThat(m.find()).as("the driver's id in the output of %s:%n%s", s.name(), s.output()).isTrue();
    return m.group(1);
  }

  /** The driver's state as the master's web UI reports it (its JSON). */
  private String driverState(String driver) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(cluster.webUi() + "/json/"));
    for (String list : List.of("completeddrivers", "activedrivers")) {
      for (var d : json.path(list)) if (d.path("id").asText().equals(driver)) return d.path("state").asText();
    }
    return fail("the master does not list %s", driver);
  }

  /**
   * The connections order-pricing's processes made to a PostgreSQL server, by application name, from the server's
   * log: each connection's disconnection line names it. Waits until every connection the log shows authorized has
   * closed (the server notes an executor's connection once that JVM is gone).
   */
  private static Map<String, Integer> closedConnections(Path serverLog) throws InterruptedException {
    Pattern authorized = Pattern.compile("\\[(\\d+)\\] 127\\.0\\.0\\.1\\(\\d+\\) .*LOG:  connection authorized:");
    Pattern closed = Pattern.compile("\\[(\\d+)\\] 127\\.0\\.0\\.1\\(\\d+\\) app=(.*?) LOG:  disconnection:");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Set<String> opened = new LinkedHashSet<>();
      Map<String, String> appOf = new LinkedHashMap<>(); // backend pid -> application name
      for (String line : LocalCluster.read(serverLog).split("\n")) {
        Matcher a = authorized.matcher(line);
        if (a.find()) opened.add(a.group(1));
        Matcher c = closed.matcher(line);
        if (c.find()) appOf.put(c.group(1), c.group(2));
      }
      Map<String, Integer> byApp = new TreeMap<>();
      appOf.values().stream().filter(app -> app.startsWith("order-pricing-")).forEach(app -> byApp.merge(app, 1, Integer::sum));
      if (appOf.keySet().containsAll(opened)) return byApp;
      if (System.nanoTime() > deadline) return fail("connections still open after the run in %s: %s", serverLog, byApp);
      Thread.sleep(200);
    }
  }

  private static List<Path> parts(Path output) throws IOException {
    try (Stream<Path> s = Files.list(output)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    }
  }

  // ---- helpers ----

  interface WhileRunning {
    void accept(Submission s) throws Exception;
  }

  record Run(Submission submission, String output, EventLog log, String summary) {}

  /**
   * Submits the job over the test orders to the cluster with an event log of its own; once its first task has
   * started, records the executors and runs {@code whileRunning}; then waits for the job, which must succeed.
   */
  private Run submitJob(String name, WhileRunning whileRunning) throws Exception {
    Path out = work.resolve("out-" + name);
    return submitJob(name, List.of("--input", input.toString(), "--output", out.toString()), whileRunning);
  }

  /** The same, with the job's input and output options given. */
  private Run submitJob(String name, List<String> inOut, WhileRunning whileRunning) throws Exception {
    awaitNoExecutors();
    String out = inOut.get(inOut.indexOf("--output") + 1);
    Path events = Files.createDirectories(work.resolve("events-" + name));
    Path summary = work.resolve(name + "-summary.json");
    List<String> job = new ArrayList<>(inOut);
    job.addAll(List.of("--summary", summary.toString(), "--verbose"));
    Submission s = track(cluster.submit(name, cluster.env(), withBothExecutors("--conf", "spark.eventLog.dir=" + events.toUri()), job));
    s.awaitLog(null, TASK_START, JOB_TIMEOUT);
    clusterPids.addAll(cluster.executorPids());
    whileRunning.accept(s);
    int exit = s.await(JOB_TIMEOUT);
    assertThat(exit).as("%s: scripts/submit exit; stderr ends:%n%s", name, LocalCluster.tail(s.stderr(), 60)).isZero();
    String json = Files.readString(summary);
    assertThat(json).containsPattern("\"priced\" *: *" + ORDERS + "\\b").containsPattern("\"rejected\" *: *0\\b");
    return new Run(s, out, EventLog.in(events), json);
  }

  private static List<String> withBothExecutors(String... sparkOptions) {
    List<String> options = new ArrayList<>(BOTH_EXECUTORS);
    options.addAll(List.of(sparkOptions));
    return options;
  }

  private List<String> jobOptions(Path output) {
    return List.of("--input", input.toString(), "--output", output.toString());
  }

  private Submission track(Submission s) {
    submissions.add(s);
    return s;
  }

  /** Executors of the previous application are gone before the next one starts (their ids start at 0 again). */
  private void awaitNoExecutors() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!cluster.executorPids().isEmpty()) {
      if (System.nanoTime() > deadline) fail("executors still running after their application ended: %s", cluster.executorPids());
      Thread.sleep(200);
    }
  }

  /** SIGKILL, and wait until the process is gone. */
  private static void kill(long pid) throws Exception {
    ProcessHandle h = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " is already gone"));
    assertThat(h.destroyForcibly()).as("kill -9 %d", pid).isTrue();
    h.onExit().get(30, TimeUnit.SECONDS);
  }

  private void assertSameRows(Run run) {
    List<String> actual = rows(run.output());
    assertThat(actual.size()).as("rows of %s", run.output()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        fail("%s differs: local %s, cluster %s", i == 0 ? "the schema" : "row " + i, expected.get(i), actual.get(i));
      }
    }
  }

  private List<String> rows(Path output) {
    return rows(output.toString());
  }

  /**
   * All rows of a committed output (its _SUCCESS there), on the local disk or HDFS, part files in name order, as
   * "column|column|...", after a first line with the schema.
   */
  private List<String> rows(String output) {
    List<String> parts;
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(output);
    try (FileSystem fs = FileSystem.newInstance(dir.toUri(), spark.sparkContext().hadoopConfiguration())) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(dir, "_SUCCESS"))).as("_SUCCESS in %s", output).isTrue();
      parts = Stream.of(fs.listStatus(dir)).map(f -> f.getPath().toString())
          .filter(p -> p.substring(p.lastIndexOf('/') + 1).startsWith("part-")).sorted().toList();
    } catch (IOException e) {
      throw new AssertionError("cannot list " + output, e);
    }
    assertThat(parts).as("part files of %s", output).isNotEmpty();
    List<String> rows = new ArrayList<>();
    String schema = null;
    for (String part : parts) {
      var df = spark.read().parquet(part);
      String s = df.schema().simpleString();
      if (schema == null) schema = s;
      assertThat(s).as("schema of %s", part).isEqualTo(schema);
      for (Row r : df.collectAsList()) rows.add(text(r));
    }
    rows.add(0, "schema " + schema);
    return rows;
  }

  private static String text(Row r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < r.length(); i++) {
      if (i > 0) b.append('|');
      Object v = r.get(i);
      b.append(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
    }
    return b.toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }

}
