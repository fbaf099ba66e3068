package orderpricing.spark;

import java.util.Map;
import orderpricing.pricing.Order;
import orderpricing.spark.internal.DecimalBeanEncoder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;

/** Rows of id, total and discount read as {@link Order}s, each decimal from its own type (no cast to a wider one). */
final class OrderEncoders {
  private OrderEncoders() {}

  static Dataset<Order> typed(Dataset<Row> orders, DecimalType total, DecimalType discount) {
    return orders.as(orders(total, discount));
  }

  static Encoder<Order> orders(DecimalType total, DecimalType discount) {
    return DecimalBeanEncoder.of(Order.class, Map.of("total", total, "discount", discount));
  }
}
