package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class OrderPricingTest {
  private static Map<String, String> probe;

  private static final List<Order> LESSON = List.of(
      Order.of("ORD-001", "100", "0.1"), Order.of("ORD-002", "200", "0.2"),
      Order.of("ORD-003", "50", "0.05"), Order.of("ORD-004", "150", "0.15"));

  @Test
  void theTransformIsATypedMapThatKeepsPartitionsAndOrder() {
    SparkSession spark = SharedSpark.spark();
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 1000; i++) orders.add(Order.of("O" + i, i + ".05", i % 2 == 0 ? "0.1" : null));
    Dataset<Order> ds = spark.createDataset(spark.sparkContext().parallelize(
        scala.jdk.javaapi.CollectionConverters.asScala(orders).toSeq(), 7, scala.reflect.ClassTag$.MODULE$.apply(Order.class)),
        Encoders.bean(Order.class));
    Dataset<PricedOrder> priced = OrderPricing.get(spark).price(ds, Pricing.standard());
    assertThat(priced.rdd().getNumPartitions()).isEqualTo(7);
    List<PricedOrder> out = priced.collectAsList();
    List<PricedOrder> expected = orders.stream().map(Pricing.standard()::price).toList();
    assertThat(out).containsExactlyElementsOf(expected);
  }

  @Test
  void aPricingWhosePricesCannotFitIsRefusedBeforeAnySparkJob() {
    SparkSession spark = SharedSpark.spark();
    Dataset<Order> orders = spark.createDataset(LESSON, Encoders.bean(Order.class));
    Pricing tooWide = new Pricing(new java.math.BigDecimal("0.1"), 18, java.math.RoundingMode.HALF_UP);
    String message = "tax rate 0.1 with scale 18: prices of the largest valid totals (20 integer digits) need 39 digits, more than 38";
    long jobsBefore = spark.sparkContext().statusTracker().getJobIdsForGroup(null).length;
    assertThatThrownBy(() -> OrderPricing.get(spark).price(orders, tooWide)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThatThrownBy(() -> OrderPricing.get(spark).split(orders, tooWide)).hasMessage(message);
    assertThatThrownBy(() -> JobSpec.builder(List.of("in.json"), "out").pricing(tooWide).build()).hasMessage(message);
    assertThat(spark.sparkContext().statusTracker().getJobIdsForGroup(null)).hasSize((int) jobsBefore);
  }

  @Test
  void theBatchConvenienceReturnsPricesInOrder() {
    List<PricedOrder> prices = BatchPricing.calculateBatchPrices(LESSON, 4);
    assertThat(prices).extracting(PricedOrder::getId).containsExactly("ORD-001", "ORD-002", "ORD-003", "ORD-004");
    assertThat(prices).extracting(p -> p.getPrice().toPlainString()).containsExactly("99.00", "176.00", "52.25", "140.25");
    assertThat(SharedSpark.spark().sparkContext().isStopped()).as("a running session is reused, not stopped").isFalse();
  }

  /** In a JVM of its own (here a session exists already): an empty batch starts no SparkContext, a real one does. */
  @Test
  void anEmptyBatchNeedsNoSpark() throws Exception {
    Map<String, String> seen = batchProbe();
    assertThat(seen).containsEntry("empty.prices", "0").containsEntry("empty.contexts", "0");
    assertThat(seen).as("the observer sees the context a batch of orders starts").containsEntry("batch.contexts", "1");
  }

  /** In a JVM of its own: local[workers], and the batch cut into one slice (one task) per worker, prices in order. */
  @Test
  void aBatchRunsOnAsManyWorkersAsAsked() throws Exception {
    Map<String, String> seen = batchProbe();
    assertThat(seen).containsEntry("batch.master", "local[3]").containsEntry("batch.stageTasks", "3");
    assertThat(seen).containsEntry("batch.ids", "B1,B2,B3,B4,B5,B6,B7")
        .containsEntry("batch.prices", "11.00,19.80,33.00,39.60,55.00,59.40,77.00");
    assertThat(seen).as("the session it started is stopped").containsEntry("batch.stopped", "1");
  }

  @Test
  void priceFailsOnAnInvalidOrderNamingTheFieldAndTheOrder() {
    SparkSession spark = SharedSpark.spark();
    Map<Order, String> cases = Map.of(
        Order.of("B", null, "0.1"), "total is missing in order B",
        Order.of("E", "10", "1.5"), "discount is outside [0, 1] in order E",
        Order.of(null, "10", null), "id is missing in an order without an id");
    cases.forEach((order, message) -> {
      Dataset<Order> ds = spark.createDataset(List.of(Order.of("A", "1", null), order), Encoders.bean(Order.class));
      assertThatThrownBy(() -> OrderPricing.get(spark).price(ds, Pricing.standard()).collectAsList())
          .hasMessageContaining("IllegalArgumentException: " + message);
    });
  }

  @Test
  void aBadOrderFailsTheBatchNamingIt() {
    List<Order> orders = List.of(Order.of("A", "1", null), Order.of("B", null, "0.1"));
    assertThatThrownBy(() -> BatchPricing.calculateBatchPrices(orders, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("order 2 (id B): total is missing");
  }

  /** Runs {@link BatchProbe} once, in a JVM of its own started as the tests' own, and returns what it printed. */
  private static synchronized Map<String, String> batchProbe() throws Exception {
    if (probe != null) return probe;
    Path root = Path.of("").toAbsolutePath();
    Path out = Files.createTempFile("batch-probe", ".txt");
    Process p = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + root.resolve("conf/jvm-options"), "-Xmx512m",
        "-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
        "-Dspark.extraListeners=" + BatchProbe.Observer.class.getName(),
        "-Dspark.ui.enabled=false", "-Dspark.driver.host=127.0.0.1",
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        BatchProbe.class.getName())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the probe finished").isTrue();
    String printed = Files.readString(out);
    Files.delete(out);
    assertThat(p.exitValue()).as(printed).isZero();
    Map<String, String> seen = new TreeMap<>();
    printed.lines().filter(l -> l.matches("(empty|batch)\\.\\w+=.*")).forEach(l -> seen.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    probe = seen;
    return seen;
  }
}
