package orderpricing.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static orderpricing.spark.SharedSpark.spark;

import java.util.List;
import orderpricing.spark.SharedSpark;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class OrderGeneratorTest {
  @Test
  void ordersWithCustomersKeepTheirIdsAndTotalsBelongToOneOfTheCustomersAndAboutHalfLoseTheirDiscount() {
    var plain = OrderGenerator.orders(spark(), 20_000, 5);
    var withCustomers = OrderGenerator.withCustomers(plain, 300, 5);

    Row r = withCustomers.join(plain.withColumnRenamed("discount", "own").withColumnRenamed("total", "plainTotal"), "id")
        .selectExpr("count(*)", "count(DISTINCT customer_id)", "min(customer_id)", "max(customer_id)",
            "count_if(discount IS NULL)", "count_if(discount IS NOT NULL AND discount <> own)", "count_if(total <> plainTotal)")
        .first();
    assertThat(r.getLong(0)).isEqualTo(20_000);
    assertThat(r.getLong(1)).isEqualTo(300);
    assertThat(r.getString(2)).isEqualTo("CUST-000001");
    assertThat(r.getString(3)).isEqualTo("CUST-000300");
    assertThat(r.getLong(4)).isBetween(9_500L, 10_500L);
    assertThat(r.getLong(5)).isZero();
    assertThat(r.getLong(6)).isZero();
  }

  @Test
  void theSameCountCustomersAndSeedGiveTheSameOrders() {
    List<Row> a = OrderGenerator.withCustomers(OrderGenerator.orders(spark(), 1_000, 9), 50, 9).orderBy("id").collectAsList();
    List<Row> b = OrderGenerator.withCustomers(OrderGenerator.orders(spark(), 1_000, 9).repartition(7), 50, 9).orderBy("id")
        .collectAsList();
    assertThat(b).isEqualTo(a);
  }
}
