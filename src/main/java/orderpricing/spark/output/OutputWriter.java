package orderpricing.spark.output;

import orderpricing.read.DataFormat;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes the priced orders in the output format so that they read back exactly: ids and kept text byte for byte,
 * decimals in plain notation with their column's decimals ({@code 0.00000001}, {@code 99.00}), never {@code 1E-8}.
 */
public final class OutputWriter {
  private OutputWriter() {}

  public static void write(Dataset<Row> rows, DataFormat format, String path) {
    write(rows, format, path, List.of());
  }

  /**
   * With Hive-style partition directories ({@code order_date=2026-12-03/}) by the values of {@code partitionBy}, each
   * directory's rows in input order ({@link InputOrderPartitions}).
   */
  public static void write(Dataset<Row> rows, DataFormat format, String path, List<String> partitionBy) {
    InputOrderPartitions partitions = new InputOrderPartitions(partitionBy);
    Dataset<Row> numbered = partitions.numbered(rows);
    switch (format) {
      case PARQUET -> save(withoutDictionaries(partitions.writer(numbered)), "parquet", path);
      case CSV -> save(rfc4180(partitions.writer(plainDecimals(numbered))), "csv", path);
      // Spark's JSON writer has no plain notation for decimals: where a column could need it, the lines are made by
      // JsonLines (about a third more CPU) and written as text, with the partition columns beside them.
      case JSON -> {
        if (plainAsWritten(rows)) save(partitions.writer(numbered), "json", path);
        else save(partitions.writer(JsonLines.of(numbered, partitions.carried())), "text", path);
      }
    }
  }

  /**
   * Whether Spark's JSON writer prints every decimal plainly: {@code BigDecimal.toString} uses an exponent only below
   * 1E-6, which a decimal of scale 6 or less cannot hold, zero included. Money at cents and rates such as 0.15 are so.
   */
  private static boolean plainAsWritten(Dataset<Row> rows) {
    for (StructField f : rows.schema().fields()) {
      if (f.dataType() instanceof DecimalType d && d.scale() > MAX_PLAIN_SCALE) return false;
    }
    return true;
  }

  private static final int MAX_PLAIN_SCALE = 6;

  /**
   * RFC 4180, as Python's csv module and the job's own reader read it: a quote inside a value doubled (Spark's default
   * is a backslash before it), and spaces and tabs at either end of a value kept (Spark's writer strips them by
   * default). Values holding a comma, quote or line break are quoted; an empty string is written {@code ""} and a null
   * as nothing, Spark's defaults.
   */
  private static DataFrameWriter<Row> rfc4180(DataFrameWriter<Row> writer) {
    return writer.option("header", "true").option("escape", "\"")
        .option("ignoreLeadingWhiteSpace", "false").option("ignoreTrailingWhiteSpace", "false");
  }

  /** Spark's CSV writer prints a decimal by {@code BigDecimal.toString} (1E-8); its cast to a string is plain. */
  private static Dataset<Row> plainDecimals(Dataset<Row> rows) {
    StructField[] fields = rows.schema().fields();
    Column[] columns = new Column[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Column c = named(rows, fields[i].name());
      columns[i] = fields[i].dataType() instanceof DecimalType ? c.cast("string").as(fields[i].name()) : c;
    }
    return rows.select(columns);
  }

  /**
   * Ids and amounts are (nearly) all distinct: Parquet would build a dictionary for each of them only to give it up
   * a page later, a sixth of the writing time. The discount rate, with few distinct values, keeps its dictionary.
   */
  private static DataFrameWriter<Row> withoutDictionaries(DataFrameWriter<Row> writer) {
    for (String column : List.of("id", "total", "discount_amount", "tax", "price")) {
      writer = writer.option("parquet.enable.dictionary#" + column, "false");
    }
    return writer;
  }

  /** A column by its name as it is, dots and backquotes included. */
  static Column named(Dataset<Row> rows, String name) {
    return rows.col("`" + name.replace("`", "``") + "`");
  }

  private static void save(DataFrameWriter<Row> writer, String sparkFormat, String path) {
    // Into the run's own hidden directory, new and empty: made before any input was read, to know it can be written.
    writer.mode(SaveMode.Append).format(sparkFormat).save(path);
  }
}
