package orderpricing.rates;

import orderpricing.errors.RatesException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole runs priced at customer rates from a real PostgreSQL server, both ways of looking them up. */
@ExtendWith(SharedSpark.class)
class PostgresRatesTest {
  @RegisterExtension static final PostgresServer DB = new PostgresServer();

  /** Every rule once: own discount, the customer's rate, an unknown customer, no customer at all. */
  private static final String ORDERS = """
      {"id": "O-1", "total": 100, "discount": 0.05, "customer_id": "C-1"}
      {"id": "O-2", "total": 100, "customer_id": "C-1"}
      {"id": "O-3", "total": 200, "customer_id": "C-2"}
      {"id": "O-4", "total": 50, "customer_id": "C-9"}
      {"id": "O-5", "total": 80}
      {"id": "O-6", "total": 10, "discount": 0.2, "customer_id": "C-9"}
      {"id": "O-7", "total": 40, "customer_id": "C-2"}
      """;

  @TempDir Path tmp;

  private static SparkSession spark() {
    return SharedSpark.spark();
  }

  @BeforeEach
  void rates() {
    DB.sql("DROP TABLE IF EXISTS customer_rates", "CREATE TABLE customer_rates (customer_id text, rate numeric)",
        "INSERT INTO customer_rates VALUES ('C-1', 0.25), ('C-2', 0.10), ('C-3', 0.125)");
  }

  private RatesSource table(String name) {
    return RatesSource.postgres(DB.url(), name, DB.propertiesFile());
  }

  private JobResult run(Path input, RatesSource rates, RatesLookup lookup, String out) {
    JobSpec spec = JobSpec.builder(List.of(input.toString()), tmp.resolve(out).toString()).rates(rates).ratesLookup(lookup).build();
    return OrderPricing.get(spark()).job(spec).run();
  }

  /** id → "discount price" of every priced order, in output order. */
  private Map<String, String> priced(String out) {
    Map<String, String> rows = new LinkedHashMap<>();
    for (Row r : TestData.readInOrder(spark(), tmp.resolve(out), "parquet")) {
      rows.put(r.getString(0), r.getDecimal(2).toPlainString() + " " + r.getDecimal(5).toPlainString());
    }
    return rows;
  }

  private List<String> rejects(String out) {
    return TestData.lines(tmp.resolve(out).resolve("_rejects"));
  }

  @ParameterizedTest
  @EnumSource(RatesLookup.class)
  void eachOrderGetsItsOwnDiscountElseItsCustomersRateAndUnknownCustomersAreRejected(RatesLookup lookup) {
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    JobResult r = run(input, table(null), lookup, "out");

    // The discount column holds the orders' own discounts and every rate of the table (C-3's 0.125: 3 decimals).
    assertThat(priced("out")).containsExactly(
        Map.entry("O-1", "0.050 104.50"),  // own discount wins over C-1's 0.25
        Map.entry("O-2", "0.250 82.50"),   // C-1's rate
        Map.entry("O-3", "0.100 198.00"),  // C-2's rate
        Map.entry("O-5", "0.000 88.00"),   // no customer, no discount: none
        Map.entry("O-6", "0.200 8.80"),    // own discount; its customer's missing rate does not matter
        Map.entry("O-7", "0.100 39.60"));
    assertThat(rejects("out")).singleElement().asString()
        .contains("\"position\":4", "\"id\":\"O-4\"", "\"reason\":\"customer C-9 has no rate\"", "\"record\":\"{");
    assertThat(r.priced()).isEqualTo(6);
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.rates()).hasValueSatisfying(s -> {
      assertThat(s.source()).isEqualTo(DB.url() + " table customer_rates");
      assertThat(s.customers()).isEqualTo(3);
      assertThat(s.lookup()).isEqualTo(lookup.name().toLowerCase());
      assertThat(s.unknownCustomers()).isEqualTo(1);
    });
  }

  @ParameterizedTest
  @EnumSource(RatesLookup.class)
  void aBadRateRejectsOnlyThatCustomersOrdersWithoutTheirOwnDiscount(RatesLookup lookup) {
    DB.sql("DROP TABLE IF EXISTS text_rates", "CREATE TABLE text_rates (customer_id varchar(20), rate text)",
        "INSERT INTO text_rates VALUES ('HIGH', '1.5'), ('NONE', NULL), ('WORD', 'abc'), ('GOOD', '0.3'), ('NEG', '-0.01')");
    Path input = TestData.write(tmp.resolve("orders.jsonl"), """
        {"id": "B-1", "total": 10, "customer_id": "HIGH"}
        {"id": "B-2", "total": 10, "customer_id": "NONE"}
        {"id": "B-3", "total": 10, "customer_id": "WORD"}
        {"id": "B-4", "total": 10, "customer_id": "GOOD"}
        {"id": "B-5", "total": 10, "customer_id": "NEG"}
        {"id": "B-6", "total": 10, "discount": 0.5, "customer_id": "HIGH"}
        """);
    JobResult r = run(input, table("text_rates"), lookup, "out");

    assertThat(priced("out")).containsExactly(Map.entry("B-4", "0.3 7.70"), Map.entry("B-6", "0.5 5.50"));
    assertThat(rejects("out")).hasSize(4);
    assertThat(String.join("\n", rejects("out")))
        .contains("\"id\":\"B-1\",\"reason\":\"customer HIGH has a rate outside [0, 1]: 1.5\"")
        .contains("\"id\":\"B-2\",\"reason\":\"customer NONE has a null rate\"")
        .contains("\"id\":\"B-3\",\"reason\":\"customer WORD has a rate that is not a number: \\\"abc\\\"\"")
        .contains("\"id\":\"B-5\",\"reason\":\"customer NEG has a rate outside [0, 1]: -0.01\"");
    assertThat(r.rates().orElseThrow().unknownCustomers()).isZero();
  }

  @Test
  void aNumericNanRateIsNotANumber() {
    DB.sql("UPDATE customer_rates SET rate = 'NaN' WHERE customer_id = 'C-2'");
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    for (RatesLookup lookup : RatesLookup.values()) {
      run(input, table(null), lookup, "out-" + lookup);
      assertThat(String.join("\n", rejects("out-" + lookup))).as(lookup.name())
          .contains("\"id\":\"O-3\",\"reason\":\"customer C-2 has a rate that is not a number: \\\"NaN\\\"\"");
    }
  }

  @Test
  void twoRowsForOneCustomerFailTheRunBeforePricingNamingTheCustomer() {
    DB.sql("INSERT INTO customer_rates VALUES ('C-2', 0.2)");
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    for (RatesLookup lookup : new RatesLookup[] {null, RatesLookup.BROADCAST, RatesLookup.EXECUTOR}) {
      assertThatThrownBy(() -> run(input, table(null), lookup, "out"))
          .isInstanceOf(RatesException.class)
          .hasMessage("rates table customer_rates in database shop on 127.0.0.1:" + DB.port()
              + ": customer C-2 has more than one row, so its rate is ambiguous");
      assertThat(tmp.resolve("out")).doesNotExist();
    }
  }

  @Test
  void aTableThatCannotBeReadIsOneLineNamingHostDatabaseAndTableNeverThePassword() throws Exception {
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    String where = "table %s in database shop on 127.0.0.1:" + DB.port();
    Map<RatesSource, String> cases = new LinkedHashMap<>();
    cases.put(table("no_such_table"), String.format(where, "no_such_table") + ": ERROR: relation \"no_such_table\" does not exist");
    DB.sql("DROP TABLE IF EXISTS no_rate", "CREATE TABLE no_rate (customer_id text, discount numeric)");
    cases.put(table("no_rate"), String.format(where, "no_rate") + ": ERROR: column \"rate\" does not exist");
    Path wrong = TestData.write(tmp.resolve("wrong.properties"), "user=pricing\npassword=not-" + DB.password() + "\n");
    cases.put(RatesSource.postgres(DB.url(), null, wrong),
        String.format(where, "customer_rates") + ": FATAL: password authentication failed for user \"pricing\"");
    int closed = closedPort();
    cases.put(RatesSource.postgres("jdbc:postgresql://127.0.0.1:" + closed + "/shop", null, DB.propertiesFile()),
        "table customer_rates in database shop on 127.0.0.1:" + closed + ": Connection to 127.0.0.1:" + closed + " refused");
    for (Map.Entry<RatesSource, String> c : cases.entrySet()) {
      for (RatesLookup lookup : new RatesLookup[] {null, RatesLookup.EXECUTOR}) {
        assertThatThrownBy(() -> run(input, c.getKey(), lookup, "out"))
            .isInstanceOf(RatesException.class)
            .hasMessageStartingWith("cannot read the rates " + c.getValue())
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain(DB.password()));
        assertThat(tmp.resolve("out")).doesNotExist();
      }
    }
  }

  private static int closedPort() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort(); // free once closed
    }
  }

  @Test
  void aSchemaQualifiedTableAndIntegerCustomerIds() {
    DB.sql("DROP SCHEMA IF EXISTS pricing CASCADE", "CREATE SCHEMA pricing",
        "CREATE TABLE pricing.rates (customer_id bigint PRIMARY KEY, rate double precision)",
        "INSERT INTO pricing.rates VALUES (17, 0.1), (18, 0.3)");
    Path input = TestData.write(tmp.resolve("orders.jsonl"), """
        {"id": "I-1", "total": 10, "customer_id": 17}
        {"id": "I-2", "total": 10, "customer_id": "18"}
        {"id": "I-3", "total": 10, "customer_id": 19}
        """);
    for (RatesLookup lookup : RatesLookup.values()) {
      run(input, table("pricing.rates"), lookup, "out-" + lookup);
      assertThat(priced("out-" + lookup)).as(lookup.name()).containsExactly(Map.entry("I-1", "0.1 9.90"), Map.entry("I-2", "0.3 7.70"));
      assertThat(rejects("out-" + lookup)).singleElement().asString().contains("customer 19 has no rate");
    }
  }

  @Test
  void broadcastAndExecutorLookupsGiveTheSameOutputOnManyPartitions() throws Exception {
    // 20,000 orders in 4 Parquet files over 499 customers, a quarter without their own discount; 489 customers
    // have rates, of up to 3 decimals.
    Path input = tmp.resolve("orders");
    orders(20_000, 499).repartition(4).write().parquet(input.toString());
    DB.sql("TRUNCATE customer_rates",
        "INSERT INTO customer_rates SELECT 'C-' || n, (n % 300) / 1000.0 FROM generate_series(0, 488) n");
    List<List<String>> outputs = new ArrayList<>();
    for (RatesLookup lookup : RatesLookup.values()) {
      JobResult r = run(input, table(null), lookup, "out-" + lookup);
      assertThat(r.rejected()).as("orders of the 10 customers without a rate").isPositive();
      assertThat(r.rates().orElseThrow().unknownCustomers()).isEqualTo(10);
      List<String> rows = new ArrayList<>();
      for (Row row : TestData.readInOrder(spark(), tmp.resolve("out-" + lookup), "parquet")) rows.add(row.toString());
      rows.addAll(rejects("out-" + lookup));
      outputs.add(rows);
    }
    assertThat(outputs.get(0)).as("priced rows and rejects").hasSize(20_000).isEqualTo(outputs.get(1));
    assertThat(spark().read().parquet(tmp.resolve("out-EXECUTOR").toString()).schema().apply("discount").dataType().simpleString())
        .as("own discounts have 2 decimals, the rates 3").isEqualTo("decimal(4,3)");
  }

  /** id, total, discount (null for every fourth order), customer_id. */
  static org.apache.spark.sql.Dataset<Row> orders(long count, int customers) {
    var o = orderpricing.tools.OrderGenerator.orders(spark(), count, 11);
    var n = org.apache.spark.sql.functions.substring(o.col("id"), 5, 9).cast("long");
    return o.select(o.col("id"), o.col("total"),
        org.apache.spark.sql.functions.when(n.mod(4).notEqual(0), o.col("discount")).as("discount"),
        org.apache.spark.sql.functions.concat(org.apache.spark.sql.functions.lit("C-"), n.mod(customers)).as("customer_id"));
  }

  @Test
  void theLibraryPricesADatasetOfOrdersAtADatasetOfRates() {
    var orders = spark().createDataset(List.of(
        orderpricing.pricing.CustomerOrder.of("L-1", "100", null, "C-1"),
        orderpricing.pricing.CustomerOrder.of("L-2", "100", "0.5", "C-1"),
        orderpricing.pricing.CustomerOrder.of("L-3", "100", null, null)),
        org.apache.spark.sql.Encoders.bean(orderpricing.pricing.CustomerOrder.class));
    var rates = spark().createDataset(List.of(orderpricing.pricing.CustomerRate.of("C-1", "0.25")),
        org.apache.spark.sql.Encoders.bean(orderpricing.pricing.CustomerRate.class));
    var priced = OrderPricing.get(spark()).price(orders, rates, orderpricing.pricing.Pricing.standard()).collectAsList();
    assertThat(priced).extracting(p -> p.getId() + " " + p.getDiscount().stripTrailingZeros().toPlainString() + " " + p.getPrice())
        .containsExactly("L-1 0.25 82.50", "L-2 0.5 55.00", "L-3 0 110.00");

    var unknown = spark().createDataset(List.of(orderpricing.pricing.CustomerOrder.of("L-9", "1", null, "C-9")),
        org.apache.spark.sql.Encoders.bean(orderpricing.pricing.CustomerOrder.class));
    assertThatThrownBy(() -> OrderPricing.get(spark()).price(unknown, rates, orderpricing.pricing.Pricing.standard()).collectAsList())
        .hasStackTraceContaining("order L-9: customer C-9 has no rate");
    BigDecimal unused = BigDecimal.ZERO;
    assertThat(unused).isZero();
  }
}
