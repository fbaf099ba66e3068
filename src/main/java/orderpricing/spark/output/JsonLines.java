package orderpricing.spark.output;


import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Rows as JSON Lines text, one object a row, as Spark's JSON writer writes them except for decimals: Spark's writer
 * prints a decimal by {@code BigDecimal.toString}, so a discount of 0.00000001 becomes {@code 1E-8} and a zero at
 * scale 7 {@code 0E-7}, and it has no setting for plain notation. Here a decimal's value is its plain text
 * ({@code CAST(d AS STRING)}: every decimal of its scale, no exponent), still a JSON number; every other value is
 * Spark's own JSON of it ({@code to_json}), so strings are escaped and nested values written as Spark's JSON writer
 * writes them. A null is left out, as Spark's writer does, or written as null when
 * {@code spark.sql.jsonGenerator.ignoreNullFields} is false. All of it is Spark expressions, compiled with the plan.
 */
final class JsonLines {
  private static final String IGNORE_NULL_FIELDS = "spark.sql.jsonGenerator.ignoreNullFields";

  private JsonLines() {}

  /** One string column, {@code value}, holding each row as a JSON object, members in the columns' order. */
  static Dataset<Row> of(Dataset<Row> rows) {
    return of(rows, List.of());
  }

  /**
   * {@code value} of the other columns, followed by the {@code carried} ones as they are: partition columns, which
   * Spark writes as directory names, not into the files.
   */
  static Dataset<Row> of(Dataset<Row> rows, List<String> carried) {
    StructField[] fields = java.util.Arrays.stream(rows.schema().fields())
        .filter(f -> !carried.contains(f.name())).toArray(StructField[]::new);
    // Each value's text first, then the line, which uses a non-decimal's text twice: Spark computes a column of an
    // earlier select once, where an expression repeated within one select is computed each time.
    Column[] texts = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column c = OutputWriter.named(rows, fields[i].name());
      texts[i] = (isDecimal(fields[i]) ? c.cast("string") : when(c.isNotNull(), to_json(array(c)))).as("v" + i);
    }
    Column[] passed = new Column[carried.size()];
    for (int j = 0; j < passed.length; j++) passed[j] = OutputWriter.named(rows, carried.get(j)).as("p" + j);
    Dataset<Row> values = rows.select(joined(texts, passed));
    boolean writeNulls = !Boolean.parseBoolean(rows.sparkSession().conf().get(IGNORE_NULL_FIELDS, "true"));
    Column[] members = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column text = values.col("v" + i);
      // A non-decimal's text is that of a one-element array, [value]: the brackets go.
      Column value = isDecimal(fields[i]) ? text : substring(text, lit(2), length(text).minus(2));
      String key = "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(fields[i].name())) + "\":";
      Column member = concat(lit(key), value); // null for a null value, which concat_ws leaves out
      members[i] = writeNulls ? coalesce(member, lit(key + "null")) : member;
    }
    Column line = concat(lit("{"), concat_ws(",", members), lit("}")).as("value");
    Column[] carriedOn = new Column[carried.size()];
    for (int j = 0; j < carriedOn.length; j++) carriedOn[j] = values.col("p" + j).as(carried.get(j));
    return values.select(joined(new Column[] {line}, carriedOn));
  }

  private static Column[] joined(Column[] first, Column[] then) {
    Column[] all = java.util.Arrays.copyOf(first, first.length + then.length);
    System.arraycopy(then, 0, all, first.length, then.length);
    return all;
  }

  private static boolean isDecimal(StructField field) {
    return field.dataType() instanceof DecimalType;
  }
}
