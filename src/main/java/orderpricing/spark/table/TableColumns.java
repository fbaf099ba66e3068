package orderpricing.spark.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import orderpricing.errors.TableException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A table's columns keep one type from day to day, while a run's decimal types follow its own input (a day of whole
 * totals measures as scale 0). So a new table's decimals are widened to room for the days to come, and each later
 * run's are cast to the table's, exactly, or refused when a value could not be held.
 */
final class TableColumns {
  /** Digits before the point a new table's decimals keep at least: a long's 18, less the decimals. */
  static final int INTEGER_DIGITS = 18;
  /** Decimals a new table's discount rate keeps at least (0.1250). */
  static final int RATE_SCALE = 4;

  private TableColumns() {}

  /** A new table's types: decimals at least the currency scale (rates {@value #RATE_SCALE}) and 18 digits. */
  static Dataset<Row> widen(Dataset<Row> rows, int currencyScale) {
    List<Column> columns = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = rows.col(quoted(f.name()));
      if (f.dataType() instanceof DecimalType d) {
        int minScale = f.name().equals("discount") ? RATE_SCALE : currencyScale;
        int scale = Math.max(d.scale(), minScale);
        int precision = Math.min(DecimalType.MAX_PRECISION(), Math.max(d.precision() - d.scale(), INTEGER_DIGITS - scale) + scale);
        c = c.cast(DataTypes.createDecimalType(precision, scale));
      }
      columns.add(c.as(f.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  /**
   * The run's rows in the table's column order and types. A decimal is cast when the table's type holds every value
   * of the run's (as many decimals or more, as many digits before the point or more); any other difference of
   * columns or types stops the run with one line naming the column.
   */
  static Dataset<Row> fit(Dataset<Row> rows, StructType table, String path) {
    StructType run = rows.schema();
    List<String> runNames = List.of(run.fieldNames());
    List<String> tableNames = List.of(table.fieldNames());
    if (!lower(runNames).equals(lower(tableNames)) && !sameSet(lower(runNames), lower(tableNames))) {
      throw new TableException(path, path + " has the columns " + String.join(", ", tableNames) + "; this run's orders have "
          + String.join(", ", runNames) + " (--keep-columns, --source-columns and --partition-by must be the same each run)");
    }
    List<Column> columns = new ArrayList<>();
    for (StructField t : table.fields()) {
      StructField r = run.apply(run.fieldIndex(matching(runNames, t.name())));
      columns.add(castTo(rows.col(quoted(r.name())), r, t.dataType(), path).as(t.name()));
    }
    return rows.select(columns.toArray(Column[]::new));
  }

  private static Column castTo(Column c, StructField run, DataType table, String path) {
    if (run.dataType().equals(table)) return c;
    if (run.dataType() instanceof DecimalType r && table instanceof DecimalType t
        && r.scale() <= t.scale() && r.precision() - r.scale() <= t.precision() - t.scale()) {
      return c.cast(t);
    }
    if (run.dataType() == DataTypes.NullType) return c.cast(table);
    throw new TableException(path, "column " + run.name() + " of " + path + " is " + table.simpleString() + "; this run's is "
        + run.dataType().simpleString() + ", which it cannot hold exactly");
  }

  private static String matching(List<String> names, String name) {
    return names.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElseThrow();
  }

  private static boolean sameSet(List<String> a, List<String> b) {
    return a.size() == b.size() && a.containsAll(b);
  }

  private static List<String> lower(List<String> names) {
    return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
  }

  private static String quoted(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
