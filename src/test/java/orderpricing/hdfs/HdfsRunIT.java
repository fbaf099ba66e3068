package orderpricing.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import orderpricing.cli.CommandRun;
import orderpricing.cli.JobProcess;
import orderpricing.spark.HaltingFileSystem;
import orderpricing.spark.HoldingFileSystem;
import orderpricing.spark.PricingJob;
import orderpricing.spark.SharedSpark;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs reading and writing a real HDFS: the same rows, order and reject positions as on the local disk. */
@ExtendWith({SharedSpark.class, MiniHdfs.class})
class HdfsRunIT {
  private static final int LINES = 100_000;
  private static final int EVERY = 7919, REJECTS = LINES / EVERY;
  @TempDir static Path local;
  static String jsonl;

  /** A JSON Lines file of several 1 MiB blocks, with an invalid order every 7,919th line; on the local disk too. */
  @BeforeAll
  static void input() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= LINES; i++) {
      text.append(i % EVERY == 0 ? "{\"id\":\"H-" + i + "\",\"total\":\"x\"}" : "{\"id\":\"H-" + i + "\",\"total\":" + (i % 500) + ".25,\"discount\":0.1}");
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(3 * (int) MiniHdfs.BLOCK);
    Files.write(local.resolve("orders.jsonl"), bytes);
    jsonl = MiniHdfs.home() + "/in/orders.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream out = fs.create(new org.apache.hadoop.fs.Path(jsonl))) {
      out.write(bytes);
    }
  }

  @Test
  void aJsonLinesFileOfManyBlocksPricesInManySlicesAsOnTheLocalDisk() throws IOException {
    String before = SharedSpark.spark().conf().get("spark.sql.files.maxPartitionBytes");
    SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", "512k");
    try {
      String out = MiniHdfs.home() + "/prices";
      CommandRun hdfs = CommandRun.price("--input", jsonl, "--output", out, "--output-format", "json");
      CommandRun disk = CommandRun.price("--input", local.resolve("orders.jsonl").toString(), "--output",
          local.resolve("prices").toString(), "--output-format", "json");
      assertThat(hdfs.code()).as(hdfs.err()).isZero();
      assertThat(disk.code()).as(disk.err()).isZero();
      assertThat(hdfs.out()).contains(String.format("Priced %,d of %,d orders (%d rejected", LINES - REJECTS, LINES, REJECTS));
      List<String> hdfsRows = ResultLines.of(out), diskRows = ResultLines.of(local.resolve("prices").toUri().toString());
      assertThat(hdfsRows).hasSize(LINES - REJECTS).isEqualTo(diskRows);
      assertThat(hdfsRows.get(0)).startsWith("{\"id\":\"H-1\",");
      List<String> rejects = ResultLines.of(out + "/_rejects");
      assertThat(rejects).hasSize(REJECTS).allSatisfy(r -> assertThat(r).startsWith("{\"source\":\"" + jsonl + "\","));
      assertThat(ResultLines.withoutSource(rejects)).isEqualTo(ResultLines.withoutSource(ResultLines.of(local.resolve("prices/_rejects").toUri().toString())));
      for (int k = 1; k <= REJECTS; k++) assertThat(rejects.get(k - 1)).contains("\"position\":" + EVERY * k + ",");
      try (FileSystem fs = MiniHdfs.fs()) {
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(out))).extracting(s -> s.getPath().getName())
            .contains("_SUCCESS", "_rejects").filteredOn(n -> n.startsWith("part-")).hasSizeGreaterThan(4);
      }
    } finally {
      SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  @Test
  void overwriteReplacesAResultOnHdfsAndLeavesNothingBeside() throws IOException {
    String out = MiniHdfs.home() + "/replaced";
    assertThat(CommandRun.price("--input", jsonl, "--output", out, "--preview", "0").code()).isZero();
    String small = MiniHdfs.home() + "/in/small.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream o = fs.create(new org.apache.hadoop.fs.Path(small))) {
      o.write("{\"id\":\"S-1\",\"total\":5}\n".getBytes(StandardCharsets.UTF_8));
    }
    CommandRun again = CommandRun.price("--input", small, "--output", out);
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains(out).contains("already exists");
    CommandRun replaced = CommandRun.price("--input", small, "--output", out, "--overwrite");
    assertThat(replaced.code()).as(replaced.err()).isZero();
    List<Row> rows = SharedSpark.spark().read().parquet(out).collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("S-1");
    try (FileSystem fs = MiniHdfs.fs()) {
      FileStatus[] beside = fs.listStatus(new org.apache.hadoop.fs.Path(MiniHdfs.home()), p -> p.getName().startsWith(".replaced"));
      assertThat(beside).isEmpty();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, "_previous"))).isFalse();
    }
  }

  @Test
  void anOutputUnderADirectoryTheUserMayNotWriteFailsInOneLineLeavingNothing() throws Exception {
    String locked = MiniHdfs.uri() + "/locked";
    try (FileSystem su = MiniHdfs.superuserFs()) {
      su.mkdirs(new org.apache.hadoop.fs.Path(locked), new FsPermission((short) 0755));
    }
    CommandRun r = CommandRun.price("--input", jsonl, "--output", locked + "/prices");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(locked).containsIgnoringCase("permission").doesNotContain("\tat ");
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(locked))).isEmpty();
    }
  }

  /** The run record and the summary at hdfs:// paths: written whole for a good run, an over-limit run and a failed one. */
  @Test
  void theRunRecordAndSummaryAreWrittenToHdfsForEveryRunAndAnOverLimitRunCommitsNothing() throws Exception {
    String out = MiniHdfs.home() + "/limited", runs = MiniHdfs.home() + "/runs";
    CommandRun ok = CommandRun.price("--input", jsonl, "--output", out, "--preview", "0", "--status", runs + "/ok.json",
        "--summary", runs + "/summary.json");
    assertThat(ok.code()).as(ok.err()).isZero();
    JsonNode record = readJson(runs + "/ok.json");
    assertThat(record.get("status").asText()).isEqualTo("succeeded");
    assertThat(record.get("rejected").asLong()).isEqualTo(REJECTS);
    assertThat(record.get("rejects_by_reason").toString()).isEqualTo("[{\"reason\":\"total is not a number (a string)\",\"count\":" + REJECTS + "}]");
    assertThat(readJson(runs + "/summary.json").get("priced").asLong()).isEqualTo(LINES - REJECTS);
    List<String> before = listing(out);

    CommandRun over = CommandRun.price("--input", jsonl, "--output", out, "--overwrite", "--max-rejects", "0.01%", "--status", runs + "/ok.json");
    assertThat(over.code()).as(over.err()).isEqualTo(3);
    assertThat(readJson(runs + "/ok.json").get("status").asText()).isEqualTo("over-reject-limit");
    assertThat(listing(out)).as("the result as it was").isEqualTo(before);

    CommandRun failed = CommandRun.price("--input", MiniHdfs.home() + "/in/none.jsonl", "--output", out + "-2", "--status", runs + "/failed.json");
    assertThat(failed.code()).isEqualTo(1);
    JsonNode failure = readJson(runs + "/failed.json");
    assertThat(failure.get("status").asText()).isEqualTo("failed");
    assertThat(failure.get("reason").asText()).contains("none.jsonl");
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(runs))).extracting(st -> st.getPath().getName())
          .containsExactlyInAnyOrder("ok.json", "summary.json", "failed.json");
    }
  }

  /**
   * Two JVMs on one HDFS output: a run in a process of its own is held while its tasks write; a run here is refused
   * at once, naming it; once it is killed, its lock stops counting after its expiry, and the run here commits.
   */
  @Test
  void aSecondRunOnTheSameHdfsOutputIsRefusedUntilTheFirstRunsLockExpires() throws Exception {
    String out = MiniHdfs.home() + "/contended";
    Path held = local.resolve("held");
    Process first = JobProcess.start(local.resolve("first.out"), local.resolve("first.err"),
        "--input", jsonl, "--output", out, "--master", "local[2]", "--conf", PricingJob.LOCK_EXPIRY + "=3s",
        "--conf", "spark.hadoop.fs.hdfs.impl=" + StoppingHdfs.class.getName(),
        "--conf", "spark.hadoop." + HoldingFileSystem.MARKER + "=" + held);
    String small = MiniHdfs.home() + "/in/second.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream o = fs.create(new org.apache.hadoop.fs.Path(small))) {
      o.write("{\"id\":\"SECOND\",\"total\":5}\n".getBytes(StandardCharsets.UTF_8));
    }
    org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(MiniHdfs.home() + "/.contended.lock");
    try {
      while (!Files.exists(held) && first.isAlive()) Thread.sleep(50);
      assertThat(held).as("the first run is writing: %s", Files.readString(local.resolve("first.err"))).exists();
      String holder = readJson(lock.toString()).get("application_id").asText();
      Thread.sleep(4_000); // longer than the first run's expiry: a live run keeps its lock fresh
      CommandRun second = CommandRun.price("--input", small, "--output", out, "--overwrite", "--output-format", "json");
      assertThat(second.code()).isEqualTo(1);
      assertThat(second.err().strip().lines()).singleElement().asString().contains(out + " is being written by another run", holder);
    } finally {
      first.toHandle().destroyForcibly();
      assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out))).isFalse();
      long expiredAt = fs.getFileStatus(lock).getModificationTime() + 3_000;
      while (System.currentTimeMillis() <= expiredAt) Thread.sleep(100);
    }
    CommandRun second = CommandRun.price("--input", small, "--output", out, "--overwrite", "--output-format", "json");
    assertThat(second.code()).as(second.err()).isZero();
    assertThat(ResultLines.of(out)).singleElement().asString().startsWith("{\"id\":\"SECOND\"");
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(MiniHdfs.home()), p -> p.getName().startsWith(".contended.lock")))
          .as("the lock released, the dead run's taken over and removed").isEmpty();
    }
  }

  /**
   * A run killed in its commit on HDFS, at both ends of the commit point: with the old result moved aside (the next
   * run puts it back, whole), and with the new one just moved in (it is the result, whole).
   */
  @Test
  void aRunKilledInItsCommitOnHdfsLeavesTheOldResultOrTheNewOneWhole() throws Exception {
    String out = MiniHdfs.home() + "/committed";
    String small = MiniHdfs.home() + "/in/new.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream o = fs.create(new org.apache.hadoop.fs.Path(small))) {
      o.write("{\"id\":\"NEW-1\",\"total\":5}\n{\"id\":\"NEW-2\",\"total\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(CommandRun.price("--input", jsonl, "--output", out, "--output-format", "json", "--preview", "0").code()).isZero();
    List<String> oldRows = ResultLines.of(out), oldListing = listing(out);

    haltedRun(small, out, "_previous");
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out))).as("stopped between the renames").isFalse();
    }
    awaitLockExpired(out);
    CommandRun refused = CommandRun.price("--input", small, "--output", out, "--output-format", "json");
    assertThat(refused.err()).contains("already exists");
    assertThat(listing(out)).as("the old result, put back whole").isEqualTo(oldListing);
    assertThat(ResultLines.of(out)).isEqualTo(oldRows);

    haltedRun(small, out, "committed");
    assertThat(ResultLines.of(out)).as("the new result, whole").containsExactly(
        "{\"id\":\"NEW-1\",\"total\":5.00,\"discount\":0,\"discount_amount\":0.00,\"tax\":0.50,\"price\":5.50}");
    assertThat(ResultLines.of(out + "/_rejects")).singleElement().asString().contains("NEW-2");
    awaitLockExpired(out);
    CommandRun after = CommandRun.price("--input", small, "--output", out, "--output-format", "json", "--overwrite", "--preview", "0");
    assertThat(after.code()).as(after.err()).isZero();
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, "_previous"))).as("the old content removed with the next overwrite").isFalse();
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(MiniHdfs.home()), p -> p.getName().startsWith(".committed"))).isEmpty();
    }
  }

  private static void haltedRun(String input, String out, String haltAfterRenameTo) throws Exception {
    Process p = JobProcess.start(local.resolve("halted.out"), local.resolve("halted.err"),
        "--input", input, "--output", out, "--overwrite", "--output-format", "json", "--conf", PricingJob.LOCK_EXPIRY + "=2s",
        "--conf", "spark.hadoop.fs.hdfs.impl=" + StoppingHdfs.class.getName(),
        "--conf", "spark.hadoop." + HaltingFileSystem.AFTER_RENAME_TO + "=" + haltAfterRenameTo);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(local.resolve("halted.err"))).isEqualTo(HaltingFileSystem.STATUS);
  }

  private static void awaitLockExpired(String out) throws Exception {
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out);
    try (FileSystem fs = MiniHdfs.fs()) {
      org.apache.hadoop.fs.Path lock = new org.apache.hadoop.fs.Path(output.getParent(), "." + output.getName() + ".lock");
      long expiredAt = fs.getFileStatus(lock).getModificationTime() + 2_000;
      while (System.currentTimeMillis() <= expiredAt) Thread.sleep(100);
    }
  }

  /** Every file under a directory with its length, hidden ones too. */
  private static List<String> listing(String dir) throws IOException {
    List<String> files = new ArrayList<>();
    try (FileSystem fs = MiniHdfs.fs()) {
      var all = fs.listFiles(new org.apache.hadoop.fs.Path(dir), true);
      while (all.hasNext()) {
        var f = all.next();
        files.add(f.getPath().toUri().getPath() + " " + f.getLen());
      }
    }
    files.sort(null);
    return files;
  }

  private static JsonNode readJson(String path) throws IOException {
    try (FileSystem fs = MiniHdfs.fs(); var in = fs.open(new org.apache.hadoop.fs.Path(path))) {
      return new ObjectMapper().readTree(in);
    }
  }


  @Test
  void everyInputFormatAndARatesFileReadFromHdfsPriceAsFromTheLocalDisk() throws IOException {
    Path csv = Files.writeString(local.resolve("orders.csv"), "total,id,discount\n100,ORD-001,0.1\n200,ORD-002,\nabc,ORD-003,0.2\n");
    List<Path> inputs = List.of(Path.of("data/orders.json"), Path.of("data/orders.parquet"), csv);
    for (Path input : inputs) {
      String onHdfs = MiniHdfs.home() + "/formats/" + input.getFileName();
      copyToHdfs(input, onHdfs);
      assertSamePrices(List.of("--input", onHdfs), List.of("--input", input.toString()), input.getFileName().toString());
    }
    String orders = MiniHdfs.home() + "/rates/orders-with-customers.json", rates = MiniHdfs.home() + "/rates/customer-rates.csv";
    copyToHdfs(Path.of("data/orders-with-customers.json"), orders);
    copyToHdfs(Path.of("data/customer-rates.csv"), rates);
    assertSamePrices(List.of("--input", orders, "--rates", rates, "--keep-columns", "customer_id"),
        List.of("--input", "data/orders-with-customers.json", "--rates", "data/customer-rates.csv", "--keep-columns", "customer_id"),
        "rates");
  }

  /** The same run from HDFS to HDFS and from the local disk to the local disk: the same rows and rejects. */
  private static void assertSamePrices(List<String> hdfsArgs, List<String> localArgs, String name) throws IOException {
    String hdfsOut = MiniHdfs.home() + "/out-" + name, localOut = local.resolve("out-" + name).toString();
    CommandRun hdfs = CommandRun.price(args(hdfsArgs, hdfsOut)), disk = CommandRun.price(args(localArgs, localOut));
    assertThat(hdfs.code()).as(hdfs.err()).isZero();
    assertThat(disk.code()).as(disk.err()).isZero();
    assertThat(ResultLines.of(hdfsOut)).as(name).isNotEmpty().isEqualTo(ResultLines.of(Path.of(localOut).toUri().toString()));
    assertThat(ResultLines.withoutSource(ResultLines.of(hdfsOut + "/_rejects"))).as(name).isEqualTo(ResultLines.withoutSource(ResultLines.of(Path.of(localOut, "_rejects").toUri().toString())));
  }

  private static String[] args(List<String> args, String out) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--output", out, "--output-format", "json", "--preview", "0"));
    return all.toArray(String[]::new);
  }

  private static void copyToHdfs(Path file, String target) throws IOException {
    try (FileSystem fs = MiniHdfs.fs()) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), new org.apache.hadoop.fs.Path(target));
    }
  }

  @Test
  void aDeltaTableOnHdfsTakesDailyAppendsOnceEachAndOnlyNewFiles() throws Exception {
    String table = MiniHdfs.home() + "/table", landing = MiniHdfs.home() + "/landing";
    try (FileSystem fs = MiniHdfs.fs()) {
      for (String day : List.of("1", "2")) {
        try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(landing + "/day-" + day + ".jsonl"))) {
          o.write(("{\"id\":\"D" + day + "-1\",\"total\":10.5,\"discount\":0.1}\n{\"id\":\"D" + day + "-2\",\"total\":\"x\"}\n")
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    String[] daily = {"--input", landing + "/day-1.jsonl", "--output", table, "--output-format", "delta", "--append", "--run-id", "day-1", "--preview", "0"};
    CommandRun first = CommandRun.price(daily);
    assertThat(first.code()).as(first.err()).isZero();
    CommandRun retried = CommandRun.price(daily);
    assertThat(retried.code()).as(retried.err()).isZero();
    assertThat(retried.out()).contains("this run is already committed");
    String[] onlyNew = {"--input", landing, "--output", table, "--output-format", "delta", "--append", "--only-new-files", "--source-columns",
        "--preview", "0"};
    // The table's columns are the same each run: the source columns make another table.
    String sourced = MiniHdfs.home() + "/sourced";
    onlyNew[3] = sourced;
    CommandRun landed = CommandRun.price(onlyNew);
    assertThat(landed.code()).as(landed.err()).isZero();
    assertThat(landed.out()).contains("2 input file(s)");
    assertThat(CommandRun.price(onlyNew).out()).contains("Nothing to do: 0 new files");

    var spark = SharedSpark.spark();
    var rows = spark.read().format("delta").load(table);
    assertThat(rows.select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("D1-1");
    assertThat(io.delta.tables.DeltaTable.forPath(spark, table).history().count()).isEqualTo(1);
    List<Row> byPosition = spark.read().format("delta").load(sourced).orderBy("source", "position").select("id", "source").collectAsList();
    assertThat(byPosition).extracting(r -> r.getString(0)).containsExactly("D1-1", "D2-1");
    assertThat(byPosition.get(0).getString(1)).isEqualTo(landing + "/day-1.jsonl");
    String rejects = landed.out().lines().filter(l -> l.startsWith("Rejects: ")).findFirst().orElseThrow().substring("Rejects: ".length());
    assertThat(rejects).startsWith(sourced + "/_rejects/");
    assertThat(ResultLines.of(rejects)).hasSize(2).allSatisfy(r -> assertThat(r).contains("\"reason\":\"total"));
  }
}
