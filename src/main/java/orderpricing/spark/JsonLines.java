package orderpricing.spark;

import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Rows as JSON Lines text, one object a row, as Spark's JSON writer writes them except for decimals: Spark's writer
 * prints a decimal by {@code BigDecimal.toString}, so a discount of 0.00000001 becomes {@code 1E-8} and a zero at
 * scale 7 {@code 0E-7}, and it has no setting for plain notation. Here a decimal column's value is its plain text
 * ({@code CAST(d AS STRING)}: every decimal of its scale, no exponent), still a JSON number; every other value is
 * Spark's own {@code to_json} of it, so strings are escaped, nulls left out (or not) and nested values written just as
 * Spark's JSON writer does. All of it is Spark expressions, compiled with the rest of the plan.
 */
final class JsonLines {
  private JsonLines() {}

  /** One string column, {@code value}, holding each row as a JSON object, members in the columns' order. */
  static Dataset<Row> of(Dataset<Row> rows) {
    StructField[] fields = rows.schema().fields();
    Column[] members = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) members[i] = member(OutputColumns.named(rows, fields[i].name()), fields[i]);
    return rows.select(concat(lit("{"), concat_ws(",", members), lit("}")).as("value"));
  }

  /** {@code "name":value}, or null for a member Spark's JSON writer leaves out (concat_ws skips nulls). */
  private static Column member(Column value, StructField field) {
    Column json = to_json(struct(value.as(field.name())));
    // {"name":value} without its braces; {} (a null left out) gives nothing.
    Column asSpark = when(length(json).gt(2), substring(json, lit(2), length(json).minus(2)));
    if (!(field.dataType() instanceof DecimalType)) return asSpark;
    String key = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(field.name())) + "\":";
    return when(value.isNull(), asSpark).otherwise(concat(lit(key), value.cast("string")));
  }
}
