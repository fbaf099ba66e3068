package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
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
  void theBatchConvenienceReturnsPricesInOrder() {
    List<PricedOrder> prices = BatchPricing.calculateBatchPrices(LESSON, 4);
    assertThat(prices).extracting(PricedOrder::getId).containsExactly("ORD-001", "ORD-002", "ORD-003", "ORD-004");
    assertThat(prices).extracting(p -> p.getPrice().toPlainString()).containsExactly("99.00", "176.00", "52.25", "140.25");
    assertThat(SharedSpark.spark().sparkContext().isStopped()).as("a running session is reused, not stopped").isFalse();
  }

  @Test
  void anEmptyBatchNeedsNoSpark() {
    var before = SparkSession.getDefaultSession();
    assertThat(BatchPricing.calculateBatchPrices(List.of(), 4)).isEmpty();
    assertThat(SparkSession.getDefaultSession()).isEqualTo(before);
  }

  @Test
  void aBadOrderFailsTheBatchNamingIt() {
    List<Order> orders = List.of(Order.of("A", "1", null), Order.of("B", null, "0.1"));
    assertThatThrownBy(() -> BatchPricing.calculateBatchPrices(orders, 2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("order 2 (id B): total is missing");
  }
}
