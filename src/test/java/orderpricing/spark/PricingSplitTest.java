package orderpricing.spark;

import static org.apache.spark.sql.functions.spark_partition_id;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.pricing.Order;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import orderpricing.pricing.RejectedOrder;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** OrderPricing.split: the valid orders priced, the others with the command line's reasons, in partition order. */
@ExtendWith(SharedSpark.class)
class PricingSplitTest {
  /** Each invalid order has one of the problems an Order can carry; the comment gives its reason. */
  static final List<Order> MIXED = List.of(
      Order.of("A", "100.00", "0.1"),
      Order.of(null, "5", null),     // id is missing
      Order.of("", "5", null),       // id is empty
      Order.of("C", null, "0.1"),    // total is missing
      Order.of("D", "-1", null),     // total is negative
      Order.of("E", "10", "1.5"),    // discount is outside [0, 1]
      Order.of("F", "10", "-0.1"),   // discount is outside [0, 1]
      Order.of("G", "150.00", null),
      Order.of(" ", "-3", "2"),      // id is empty (the first problem in field order)
      Order.of("H", "0", "1"));

  @TempDir Path tmp;

  @Test
  void validOrdersArePricedAndInvalidOnesRejectedWithTheirReasons() {
    PricingSplit split = OrderPricing.get(SharedSpark.spark()).split(orders(MIXED, 3), Pricing.standard());
    List<PricedOrder> priced = split.priced().collectAsList();
    List<RejectedOrder> rejected = split.rejected().collectAsList();

    assertThat(priced).containsExactly(
        Pricing.standard().price(MIXED.get(0)), Pricing.standard().price(MIXED.get(7)), Pricing.standard().price(MIXED.get(9)));
    assertThat(priced).extracting(p -> p.getPrice().toPlainString()).containsExactly("99.00", "165.00", "0.00");
    assertThat(rejected).extracting(RejectedOrder::getReason).containsExactly(
        "id is missing", "id is empty", "total is missing", "total is negative",
        "discount is outside [0, 1]", "discount is outside [0, 1]", "id is empty");
    assertThat(rejected).extracting(RejectedOrder::order).containsExactly(
        MIXED.get(1), MIXED.get(2), MIXED.get(3), MIXED.get(4), MIXED.get(5), MIXED.get(6), MIXED.get(8));
    assertThat(split.priced().count() + split.rejected().count()).isEqualTo(MIXED.size());
  }

  @Test
  void allValidOrdersArePricedAsPriceDoesAndNoneRejected() {
    Dataset<Order> orders = orders(MIXED.stream().filter(o -> OrderValidator.problem(o) == null).toList(), 2);
    PricingSplit split = OrderPricing.get(SharedSpark.spark()).split(orders, Pricing.standard());
    Dataset<PricedOrder> priced = OrderPricing.get(SharedSpark.spark()).price(orders, Pricing.standard());
    assertThat(split.priced().schema()).isEqualTo(priced.schema());
    assertThat(split.priced().collectAsList()).containsExactlyElementsOf(priced.collectAsList()).hasSize(3);
    assertThat(split.rejected().count()).isZero();
  }

  @Test
  void bothSidesKeepTheInputsPartitionsAndTheOrderWithinThem() {
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      orders.add(i % 7 == 3 ? Order.of("O" + i, null, null) : Order.of("O" + i, i + ".05", i % 2 == 0 ? "0.1" : null));
    }
    Dataset<Order> input = orders(orders, 5);
    PricingSplit split = OrderPricing.get(SharedSpark.spark()).split(input, Pricing.standard());
    assertThat(split.priced().rdd().getNumPartitions()).isEqualTo(5);
    assertThat(split.rejected().rdd().getNumPartitions()).isEqualTo(5);

    // (partition, id) of every order in the input, and of each side: each side is the input's, filtered.
    List<String> in = partitionAndId(input.toDF());
    List<String> rejectedIds = orders.stream().filter(o -> o.getTotal() == null).map(Order::getId).toList();
    assertThat(partitionAndId(split.priced().toDF()))
        .containsExactlyElementsOf(in.stream().filter(s -> !rejectedIds.contains(s.substring(s.indexOf(' ') + 1))).toList());
    assertThat(partitionAndId(split.rejected().toDF()))
        .containsExactlyElementsOf(in.stream().filter(s -> rejectedIds.contains(s.substring(s.indexOf(' ') + 1))).toList());
    assertThat(split.priced().collectAsList()).containsExactlyElementsOf(
        orders.stream().filter(o -> o.getTotal() != null).map(Pricing.standard()::price).toList());
    assertThat(split.priced().count() + split.rejected().count()).isEqualTo(1000);
  }

  /** The same records through the whole job (as scripts/price reads them) and through split: the same reasons. */
  @Test
  void reasonsAreTheCommandLinesForTheSameRecords() {
    SparkSession spark = SharedSpark.spark();
    PricingSplit split = OrderPricing.get(spark).split(orders(MIXED, 3), Pricing.standard());
    List<String> fromSplit = split.rejected().collectAsList().stream().map(r -> r.getId() + ": " + r.getReason()).toList();

    Path jsonl = TestData.write(tmp.resolve("mixed.jsonl"), String.join("\n", MIXED.stream().map(PricingSplitTest::json).toList()) + "\n");
    Path parquet = tmp.resolve("mixed-parquet");
    orders(MIXED, 3).write().parquet(parquet.toString());
    for (Path input : List.of(jsonl, parquet)) {
      String out = tmp.resolve("out-" + input.getFileName()).toString();
      JobResult result = OrderPricing.get(spark).job(JobSpec.of(List.of(input.toString()), out)).run();
      List<String> fromJob = spark.read().json(result.rejects()).orderBy("source", "position").collectAsList().stream()
          .map(r -> r.getAs("id") + ": " + r.getAs("reason")).toList();
      assertThat(fromJob).as(input.getFileName().toString()).containsExactlyElementsOf(fromSplit);
      assertThat(result.priced()).isEqualTo(split.priced().count());
      assertThat(result.rejected()).isEqualTo(split.rejected().count());
    }
  }

  /** Persisted, the split reads and prices its input once for both sides; without it, once for each side. */
  @Test
  void persistedBothSidesComeFromOnePassOverTheInput() {
    SparkSession spark = SharedSpark.spark();
    LongAccumulator reads = spark.sparkContext().longAccumulator();
    Dataset<Order> counted = orders(MIXED, 3).map((MapFunction<Order, Order>) o -> {
      reads.add(1);
      return o;
    }, Encoders.bean(Order.class));

    PricingSplit split = OrderPricing.get(spark).split(counted, Pricing.standard());
    assertThat(split.priced().count()).isEqualTo(3);
    assertThat(reads.value()).as("one side, one pass").isEqualTo(MIXED.size());
    split.rejected().count();
    assertThat(reads.value()).as("each side reads the input again").isEqualTo(2L * MIXED.size());

    reads.reset();
    PricingSplit persisted = OrderPricing.get(spark).split(counted, Pricing.standard()).persist();
    try {
      assertThat(persisted.priced().count() + persisted.rejected().count()).isEqualTo(MIXED.size());
      assertThat(reads.value()).as("both sides, one pass").isEqualTo(MIXED.size());
    } finally {
      persisted.unpersist();
    }
  }

  static Dataset<Order> orders(List<Order> orders, int partitions) {
    SparkSession spark = SharedSpark.spark();
    return spark.createDataset(spark.sparkContext().parallelize(
        scala.jdk.javaapi.CollectionConverters.asScala(orders).toSeq(), partitions, scala.reflect.ClassTag$.MODULE$.apply(Order.class)),
        Encoders.bean(Order.class));
  }

  private static List<String> partitionAndId(Dataset<Row> rows) {
    return rows.select(spark_partition_id(), rows.col("id")).collectAsList().stream().map(r -> r.getInt(0) + " " + r.getString(1)).toList();
  }

  /** The order as a JSON Lines record, with absent fields left out. */
  private static String json(Order o) {
    List<String> fields = new ArrayList<>();
    if (o.getId() != null) fields.add("\"id\": \"" + o.getId() + "\"");
    if (o.getTotal() != null) fields.add("\"total\": " + o.getTotal().toPlainString());
    if (o.getDiscount() != null) fields.add("\"discount\": " + o.getDiscount().toPlainString());
    return "{" + String.join(", ", fields) + "}";
  }
}
