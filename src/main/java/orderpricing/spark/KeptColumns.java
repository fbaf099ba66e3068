package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.spark.input.StagedColumns;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Input columns copied unchanged into the output, after the six priced columns, in the order asked. The typed map
 * carries each order's kept values beside it, as a row it passes through untouched, so the pricing function and the
 * order of the rows are the same as without them.
 */
final class KeptColumns {
  private KeptColumns() {}

  /** The names to keep, checked: none empty, none twice, none that is already an output column (in any case). */
  static List<String> checked(List<String> names) {
    List<String> seen = new ArrayList<>();
    for (String name : names) {
      if (name == null || name.isBlank()) throw new IllegalArgumentException("an empty column name");
      String lower = name.toLowerCase(Locale.ROOT);
      if (OutputColumns.NAMES.contains(lower)) throw new IllegalArgumentException(name + " is a priced column of the output already");
      if (seen.contains(lower)) throw new IllegalArgumentException(name + " is named twice");
      seen.add(lower);
    }
    return List.copyOf(names);
  }

  /** The output's column names: the priced ones, then the kept ones. */
  static List<String> outputNames(StructType kept) {
    List<String> names = new ArrayList<>(OutputColumns.NAMES);
    names.addAll(List.of(kept.fieldNames()));
    return names;
  }

  /**
   * The typed map over valid staged rows (id, total, discount and the {@code kept} struct): each order priced by
   * {@code price}, its kept values following the priced columns.
   */
  static Dataset<Row> price(Dataset<Row> valid, StructType kept, Encoder<Order> orders, MapFunction<Order, PricedOrder> price,
      Encoder<PricedOrder> priced) {
    Encoder<Row> values = Encoders.row(kept);
    Dataset<Tuple2<Order, Row>> carried = valid
        .select(struct(col("id"), col("total"), col("discount")).as("_1"), col(StagedColumns.KEPT_COLUMN).as("_2"))
        .as(Encoders.tuple(orders, values));
    Dataset<Tuple2<PricedOrder, Row>> prices = carried.map(
        (MapFunction<Tuple2<Order, Row>, Tuple2<PricedOrder, Row>>) t -> new Tuple2<>(price.call(t._1()), t._2()),
        Encoders.tuple(priced, values));
    List<Column> columns = new ArrayList<>(List.of(OutputColumns.names(property -> col("_1").getField(property))));
    for (StructField f : kept.fields()) columns.add(col("_2").getField(f.name()).as(f.name()));
    return prices.select(columns.toArray(Column[]::new));
  }
}
