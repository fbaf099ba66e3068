package orderpricing.spark.output;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.nullif;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

/**
 * Rows written into partition directories with each directory's rows in input order.
 *
 * <p>Spark writes a task's rows sorted by the partition columns (V1Writes adds the sort unless the rows are sorted so
 * already), and its sort is not stable: runs spilled to disk are merged by a priority queue
 * ({@code UnsafeSorterSpillMerger}), which leaves ties in any order. So the rows are sorted here, within each task, by
 * the partition columns and then each row's position in the task ({@code monotonically_increasing_id}, which counts
 * up in input order), a key with no ties; Spark sees them ordered and adds no sort of its own.
 *
 * <p>V1Writes turns an empty string in a nullable string partition column into null ({@code Empty2Null}) before its
 * ordering check, which a sort on the column itself then no longer satisfies. Such a column is given here the directory
 * name Spark gives null and empty values, {@value #NULL_PARTITION}, which makes it non-null: the same directories, and
 * no second sort.
 */
final class InputOrderPartitions {
  static final String NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";
  /** The row's position within its task; never written. */
  private static final String POSITION = "_position_in_task";

  private final List<String> columns;

  InputOrderPartitions(List<String> columns) {
    this.columns = List.copyOf(columns);
  }

  /** The rows with their positions, and nullable string partition values given their directory name. */
  Dataset<Row> numbered(Dataset<Row> rows) {
    if (columns.isEmpty()) return rows;
    List<Column> out = new ArrayList<>();
    for (StructField f : rows.schema().fields()) {
      Column c = OutputWriter.named(rows, f.name());
      boolean nullableText = columns.contains(f.name()) && f.nullable() && f.dataType() instanceof StringType;
      out.add(nullableText ? coalesce(nullif(c, lit("")), lit(NULL_PARTITION)).as(f.name()) : c);
    }
    out.add(monotonically_increasing_id().as(POSITION));
    return rows.select(out.toArray(Column[]::new));
  }

  /** The columns a writer of the numbered rows carries beside what it writes into the files. */
  List<String> carried() {
    if (columns.isEmpty()) return List.of();
    List<String> carried = new ArrayList<>(columns);
    carried.add(POSITION);
    return carried;
  }

  /** A writer of {@code rows} (numbered, then made into the format's columns) into the partition directories. */
  DataFrameWriter<Row> writer(Dataset<Row> rows) {
    if (columns.isEmpty()) return rows.write();
    List<Column> order = new ArrayList<>();
    for (String c : columns) order.add(OutputWriter.named(rows, c));
    order.add(rows.col(POSITION));
    return rows.sortWithinPartitions(order.toArray(Column[]::new)).drop(POSITION).write()
        .partitionBy(columns.toArray(String[]::new));
  }
}
