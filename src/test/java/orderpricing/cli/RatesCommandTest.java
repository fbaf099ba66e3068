package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.rates.HoldTaskPlugin;
import orderpricing.rates.PostgresServer;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --rates from the command line: options, the summary, credentials, and runs held part way while the table changes. */
@ExtendWith(SharedSpark.class)
class RatesCommandTest {
  @RegisterExtension static final PostgresServer DB = new PostgresServer();

  @TempDir Path tmp;

  @BeforeEach
  void rates() {
    DB.sql("DROP TABLE IF EXISTS customer_rates", "CREATE TABLE customer_rates (customer_id text PRIMARY KEY, rate numeric(4,2))",
        "INSERT INTO customer_rates VALUES ('C-1', 0.10), ('C-2', 0.20)");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--rates-table t                                          | --rates-table needs --rates",
      "--rates-properties p.properties                          | --rates-properties needs --rates",
      "--rates rates.csv --rates-lookup executor                | --rates-lookup executor needs a jdbc:postgresql: source",
      "--rates rates.csv --rates-table t                        | --rates: a table name goes with a jdbc:postgresql: source",
      "--rates jdbc:postgresql://h:5432/db --rates-lookup local | --rates-lookup: 'local' is not one of broadcast, executor",
      "--rates jdbc:mysql://h:3306/db                           | --rates: not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): jdbc:mysql://h:3306/db",
      "--rates jdbc:postgresql://h:5432/db?password=sekrit      | --rates: the URL holds a password: put it in the connection properties file",
      "--rates jdbc:postgresql://h/db --rates-table 'x;drop'    | --rates: not a table name: x;drop",
      "--keep-columns region,Price                              | --keep-columns: Price is a priced column of the output already",
      "--keep-columns region,,note                              | --keep-columns: an empty column name",
      "--keep-columns region,note,Region                        | --keep-columns: Region is named twice"})
  void misusedRatesOptionsAreUsageErrorsNamingTheOption(String options, String message) {
    List<String> args = new ArrayList<>(List.of("--input", "x.json", "--output", tmp.resolve("out").toString()));
    for (String o : options.strip().split(" +")) args.add(o.replace("'", ""));
    CommandRun r = CommandRun.price(args.toArray(String[]::new));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip().lines()).singleElement().asString().contains(message).doesNotContain("sekrit");
  }

  @Test
  void theSummarySaysWhereTheRatesCameFromWithoutCredentials() throws Exception {
    Path input = TestData.write(tmp.resolve("orders.json"), """
        [{"id": "S-1", "total": 100, "customer_id": "C-1"}, {"id": "S-2", "total": 100, "customer_id": "C-7"},
         {"id": "S-3", "total": 100, "customer_id": "C-8"}, {"id": "S-4", "total": 100, "customer_id": "C-8"}]
        """);
    Path summary = tmp.resolve("summary.json");
    CommandRun r = CommandRun.price("--input", input.toString(), "--output", tmp.resolve("out").toString(),
        "--rates", DB.url(), "--rates-properties", DB.propertiesFile().toString(), "--summary", summary.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Priced 1 of 4 orders (3 rejected", "Rates:   " + DB.url() + " table customer_rates (2 customers,"
        + " broadcast lookup; 2 customers of the orders not in it)");
    JsonNode rates = new ObjectMapper().readTree(summary.toFile()).get("rates");
    assertThat(rates.get("source").asText()).isEqualTo(DB.url() + " table customer_rates");
    assertThat(rates.get("customers").asLong()).isEqualTo(2);
    assertThat(rates.get("lookup").asText()).isEqualTo("broadcast");
    assertThat(rates.get("unknown_customers").asLong()).isEqualTo(2);
    assertThat(Files.readString(summary)).doesNotContain(DB.password());
  }

  /**
   * The password of the rates properties file appears nowhere a run leaves text: its console with Spark's own log
   * (--verbose), its summary, its event log (which also holds what the Spark UI's environment page shows), and the
   * one line of a run that fails.
   */
  @ParameterizedTest
  @ValueSource(strings = {"broadcast", "executor"})
  void thePasswordIsInNoLogNoSummaryAndNoEventLog(String lookup) throws Exception {
    Path input = TestData.write(tmp.resolve("orders.json"), """
        [{"id": "P-1", "total": 100, "customer_id": "C-1"}, {"id": "P-2", "total": 100, "customer_id": "C-9"}]
        """);
    Path events = Files.createDirectories(tmp.resolve("events"));
    List<String> texts = new ArrayList<>();
    for (String table : List.of("customer_rates", "no_such_table")) {
      Path out = tmp.resolve("out-" + table);
      Process p = JobProcess.start(tmp.resolve(table + ".out"), tmp.resolve(table + ".err"), "--verbose",
          "--master", "local[2]", "--input", input.toString(), "--output", out.toString(), "--summary", tmp.resolve(table + ".json").toString(),
          "--rates", DB.url(), "--rates-table", table, "--rates-properties", DB.propertiesFile().toString(), "--rates-lookup", lookup,
          "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
          "--conf", "spark.eventLog.compress=false", "--conf", "spark.ui.enabled=true", "--conf", "spark.ui.port=0");
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      String err = Files.readString(tmp.resolve(table + ".err"));
      assertThat(p.exitValue()).as(err).isEqualTo(table.equals("customer_rates") ? 0 : 1);
      texts.add(Files.readString(tmp.resolve(table + ".out")) + err);
      if (table.equals("customer_rates")) texts.add(Files.readString(tmp.resolve(table + ".json")));
      else assertThat(err).contains("order-pricing: cannot read the rates table no_such_table in database shop on 127.0.0.1:" + DB.port());
    }
    String eventLog = allFiles(events);
    assertThat(eventLog).as("event log").contains("SparkListenerEnvironmentUpdate").contains("SparkListenerTaskEnd");
    texts.add(eventLog);
    for (String text : texts) assertThat(text).isNotEmpty().doesNotContain(DB.password());
  }

  @Test
  void aBroadcastReadIsRefusedWhenSparkWouldNotRedactThePassword() throws Exception {
    Path input = TestData.write(tmp.resolve("orders.json"), "[{\"id\": \"R-1\", \"total\": 1, \"customer_id\": \"C-1\"}]");
    Process p = JobProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"), "--master", "local[1]",
        "--input", input.toString(), "--output", tmp.resolve("out").toString(),
        "--rates", DB.url(), "--rates-properties", DB.propertiesFile().toString(),
        "--conf", "spark.redaction.regex=(?i)secret", "--conf", "spark.eventLog.enabled=false");
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    String err = Files.readString(tmp.resolve("err.txt"));
    assertThat(p.exitValue()).as(err).isEqualTo(1);
    assertThat(err).contains("order-pricing: spark.redaction.regex does not cover the connection property password").doesNotContain(DB.password());
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  private static String allFiles(Path dir) throws Exception {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) all.append(Files.readString(f));
    }
    return all.toString();
  }

  /**
   * Two Parquet files, so the pricing stage of a run that packs a file a partition has two tasks: A-* orders in
   * partition 0, B-* in partition 1.
   */
  private List<String> twoFiles() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(6, 2))
        .add("customer_id", DataTypes.StringType);
    List<String> inputs = new ArrayList<>();
    for (String file : List.of("A", "B")) {
      List<Row> rows = new ArrayList<>();
      for (int i = 1; i <= 60; i++) {
        rows.add(RowFactory.create(file + "-" + i, new BigDecimal("100.00"), i % 3 == 0 ? "C-1" : i % 3 == 1 ? "C-2" : "C-3"));
      }
      inputs.add(TestData.parquet(SharedSpark.spark(), tmp.resolve(file + ".parquet"), schema, rows, 1 << 20).toString());
    }
    return inputs;
  }

  /** Returns once the held run's first pricing task has looked its customers up, while the task is held. */
  private static void awaitFirstTaskDone(Path hold, Process run) throws Exception {
    String stage = Files.readString(HoldTaskPlugin.await(hold.resolve("held"), run));
    HoldTaskPlugin.await(hold.resolve("done-" + stage), run);
  }

  private Process heldRun(List<String> inputs, Path holdDir, Path out) throws Exception {
    return JobProcess.start(tmp.resolve("held.out"), tmp.resolve("held.err"), "--master", "local[2,3]",
        "--input", inputs.get(0), "--input", inputs.get(1), "--output", out.toString(), "--output-format", "json",
        "--rates", DB.url(), "--rates-properties", DB.propertiesFile().toString(), "--rates-lookup", "executor",
        "--conf", "spark.plugins=" + HoldTaskPlugin.class.getName(), "--conf", HoldTaskPlugin.DIR + "=" + holdDir,
        "--conf", "spark.eventLog.enabled=false", "--conf", "spark.sql.files.maxPartitionBytes=1k"); // a partition a file
  }

  /**
   * A run with executor lookups is held after its first pricing task has looked its customers up; the table then
   * changes (two rates updated, a customer added, all committed) and the run goes on. Every order is priced against
   * the state the run started with: no customer's orders at two rates, the new customer unknown to the run.
   */
  @Test
  void aTableUpdatedWhileARunIsInProgressIsSeenByTheRunAsItWasWhenTheRunStarted() throws Exception {
    Path hold = Files.createDirectories(tmp.resolve("hold"));
    Path out = tmp.resolve("out");
    Process run = heldRun(twoFiles(), hold, out);
    try {
      awaitFirstTaskDone(hold, run);
      DB.sql("UPDATE customer_rates SET rate = 0.30 WHERE customer_id = 'C-1'",
        "UPDATE customer_rates SET rate = 0.40 WHERE customer_id = 'C-2'",
          "INSERT INTO customer_rates VALUES ('C-3', 0.50)");
      Files.createFile(hold.resolve("release"));
      assertThat(run.waitFor(3, TimeUnit.MINUTES)).isTrue();
    } finally {
      run.destroyForcibly(); // a failed test leaves no run holding the table
    }
    assertThat(run.exitValue()).as(Files.readString(tmp.resolve("held.err"))).isZero();

    Map<String, String> ratesOfCustomers = new TreeMap<>();
    List<Row> rows = TestData.readInOrder(SharedSpark.spark(), out, "json");
    assertThat(rows).hasSize(80); // C-3's 40 orders are rejected: C-3 came after the run started
    for (Row r : rows) {
      String id = r.getString(r.fieldIndex("id"));
      String customer = Integer.parseInt(id.substring(2)) % 3 == 0 ? "C-1" : "C-2";
      String rate = r.getDecimal(r.fieldIndex("discount")).stripTrailingZeros().toPlainString();
      String before = ratesOfCustomers.put(customer, rate);
      assertThat(before == null || before.equals(rate)).as("%s priced at %s and at %s", customer, before, rate).isTrue();
    }
    assertThat(ratesOfCustomers).containsExactly(Map.entry("C-1", "0.1"), Map.entry("C-2", "0.2"));
    assertThat(rows.stream().map(r -> r.getString(r.fieldIndex("id")).substring(0, 1)).distinct()).containsExactly("A", "B");
    List<String> rejects = TestData.lines(Path.of(out.toString(), "_rejects"));
    assertThat(rejects).hasSize(40).allMatch(l -> l.contains("\"reason\":\"customer C-3 has no rate\""));
    try (var c = DB.connect(); var s = c.createStatement(); var rs = s.executeQuery("SELECT count(*) FROM customer_rates WHERE rate >= 0.3")) {
      rs.next();
      assertThat(rs.getInt(1)).as("the table did change during the run").isEqualTo(3);
    }
  }

  /**
   * The database restarts while a run with executor lookups is held part way: the lookups that follow cannot read
   * the run's snapshot any more (it ended with the driver's connection), so every retry fails too and the run stops
   * with one line, leaving no output, rather than price the rest of the orders against a newer state of the table.
   */
  @Test
  void aDatabaseLostMidRunFailsTheRunWithOneLineAndNoOutput() throws Exception {
    Path hold = Files.createDirectories(tmp.resolve("hold"));
    Path out = tmp.resolve("out");
    Process run = heldRun(twoFiles(), hold, out);
    try {
      awaitFirstTaskDone(hold, run);
      DB.stopKeepingData();
      DB.startAgain();
      Files.createFile(hold.resolve("release"));
      assertThat(run.waitFor(3, TimeUnit.MINUTES)).isTrue();
    } finally {
      run.destroyForcibly();
    }
    String err = Files.readString(tmp.resolve("held.err"));
    assertThat(run.exitValue()).as(err).isEqualTo(1);
    // However the retries meet the restarted server (still starting up, or up without the run's snapshot), the run
    // stops with one line naming the table, the database and the server.
    assertThat(err.lines().filter(l -> l.startsWith("order-pricing:"))).singleElement().asString()
        .startsWith("order-pricing: rates").contains("customer_rates in database shop on 127.0.0.1:" + DB.port())
        .containsAnyOf("the run's snapshot of the table is gone", "failed:");
    assertThat(err).doesNotContain("\tat ");
    assertThat(out).doesNotExist();
    assertThat(Path.of(out.toString(), "_rejects")).doesNotExist();
  }
}
