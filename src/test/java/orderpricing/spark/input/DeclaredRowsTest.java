package orderpricing.spark.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import orderpricing.read.DataFormat;
import orderpricing.spark.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet rows of declared types are staged straight from the reader's values; every row must come out exactly as
 * the general path (through a RawRecord, with BigDecimals) stages it, the rows the direct path hands over included.
 */
@ExtendWith(SharedSpark.class)
class DeclaredRowsTest {
  private static final String[] ORDER_FIELDS = {"source", "position", "id", "total", "discount", "customer_id", "problem"};

  @TempDir Path tmp;

  @Test
  void everyRowIsStagedAsTheGeneralPathStagesIt() {
    SparkSession spark = SharedSpark.spark();
    StructType decimals = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(12, 2))
        .add("discount", DataTypes.createDecimalType(4, 2)).add("customer_id", DataTypes.StringType);
    List<Row> rows = List.of(
        RowFactory.create("A-1", new BigDecimal("100.00"), new BigDecimal("0.10"), "C1"),
        RowFactory.create(" leading space", new BigDecimal("5.50"), null, null),
        RowFactory.create("   ", new BigDecimal("5.50"), null, null),
        RowFactory.create("\u3000", new BigDecimal("5.50"), null, null),
        RowFactory.create("é-accented", new BigDecimal("0.00"), new BigDecimal("1.00"), "C2"),
        RowFactory.create("", new BigDecimal("1.00"), null, null),
        RowFactory.create(null, new BigDecimal("1.00"), null, null),
        RowFactory.create("NEG", new BigDecimal("-0.01"), null, null),
        RowFactory.create("NOTOTAL", null, new BigDecimal("0.50"), null),
        RowFactory.create("BIGDISC", new BigDecimal("3.00"), new BigDecimal("1.01"), null),
        RowFactory.create("NEGDISC", new BigDecimal("3.00"), new BigDecimal("-0.01"), null),
        RowFactory.create("MAX", new BigDecimal("9999999999.99"), new BigDecimal("0.99"), "C3"));
    write(spark, rows, decimals, "a.parquet");
    StructType wider = new StructType().add("id", DataTypes.LongType).add("total", DataTypes.createDecimalType(18, 4));
    write(spark, List.of(RowFactory.create(7L, new BigDecimal("1.2500")), RowFactory.create(8L, new BigDecimal("12345678901234.5678")),
        RowFactory.create(null, new BigDecimal("0.0001"))), wider, "b.parquet");
    StructType integers = new StructType().add("id", DataTypes.IntegerType).add("total", DataTypes.IntegerType)
        .add("discount", DataTypes.ShortType);
    write(spark, List.of(RowFactory.create(1, 42, (short) 0), RowFactory.create(2, -1, (short) 1), RowFactory.create(3, 5, (short) 2)),
        integers, "c.parquet");

    InputPlan plan = InputPlan.of(spark, InputFiles.resolve(List.of(tmp.resolve("in").toString()), null,
        spark.sparkContext().hadoopConfiguration()), List.of());
    assertThat(plan.typesDeclared()).isTrue();

    List<Row> direct = StagedOrdersSource.load(spark, plan).select(ORDER_FIELDS[0], Arrays.copyOfRange(ORDER_FIELDS, 1, 7)).collectAsList();
    List<Row> general = StagedOrdersSource.load(spark, plan, Profile.Collector.register(spark))
        .select(ORDER_FIELDS[0], Arrays.copyOfRange(ORDER_FIELDS, 1, 7)).collectAsList();
    assertThat(direct).hasSize(rows.size() + 6).containsExactlyElementsOf(general);
    assertThat(direct.stream().filter(r -> r.isNullAt(6)).map(r -> r.getString(2)).toList())
        .containsExactly("A-1", " leading space", "é-accented", "MAX", "7", "8", "1");
    assertThat(direct.get(rows.size() + 1).getDecimal(3)).isEqualByComparingTo("12345678901234.5678");
  }

  @Test
  void rowsItCannotJudgeCheaplyAreLeftToTheGeneralPathAndOthersStagedAtTheStagedTypes() {
    InputFile file = new InputFile(0, "f.parquet", DataFormat.PARQUET, "f.parquet", 1, null);
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(6, 2))
        .add("discount", DataTypes.createDecimalType(3, 2));
    ParquetColumns columns = ParquetColumns.of(file, schema);
    int[] fields = {StagedColumns.ID, StagedColumns.TOTAL, StagedColumns.DISCOUNT, StagedColumns.PROBLEM};
    StagedColumns staged = new StagedColumns(DataTypes.createDecimalType(10, 4), DataTypes.createDecimalType(3, 2));
    DeclaredRows declared = DeclaredRows.of(columns, staged, fields);
    assertThat(declared).isNotNull();

    InternalRow row = declared.stage(row("X", 12345, 50L), 0, 1);
    assertThat(row.getUTF8String(0).toString()).isEqualTo("X");
    assertThat(row.getDecimal(1, 10, 4).toJavaBigDecimal()).isEqualByComparingTo("123.45");
    assertThat(row.getDecimal(1, 10, 4).toJavaBigDecimal().scale()).isEqualTo(4);
    assertThat(row.getDecimal(2, 3, 2).toJavaBigDecimal()).isEqualByComparingTo("0.50");
    assertThat(row.isNullAt(3)).isTrue();
    assertThat(declared.stage(row(" X", 1, 0L), 0, 1)).as("may be blank").isNull();
    assertThat(declared.stage(row("X", -1, 0L), 0, 1)).as("negative").isNull();
    assertThat(declared.stage(row("X", 1, 101L), 0, 1)).as("discount above 1").isNull();
    assertThat(declared.stage(row("X", 1, null), 0, 1).isNullAt(2)).as("no discount").isTrue();

    StagedColumns narrower = new StagedColumns(DataTypes.createDecimalType(5, 1), DataTypes.createDecimalType(3, 2));
    DeclaredRows scaledDown = DeclaredRows.of(columns, narrower, fields);
    assertThat(scaledDown.stage(row("X", 12340, 0L), 0, 1).getDecimal(1, 5, 1).toJavaBigDecimal()).isEqualByComparingTo("123.4");
    assertThat(scaledDown.stage(row("X", 12345, 0L), 0, 1)).as("a digit the staged type has no place for").isNull();

    StructType floating = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.DoubleType);
    assertThat(DeclaredRows.of(ParquetColumns.of(file, floating), staged, fields)).as("floating point").isNull();
    assertThat(DeclaredRows.of(columns, new StagedColumns(StagedColumns.WIDEST, StagedColumns.WIDEST), fields)).as("wide").isNull();
    assertThat(DeclaredRows.of(columns, staged, new int[] {StagedColumns.ID, StagedColumns.RECORD})).as("whole records").isNull();
  }

  private static InternalRow row(String id, long totalCents, Long discountCents) {
    List<Object> values = new ArrayList<>(List.of(UTF8String.fromString(id), Decimal.createUnsafe(totalCents, 6, 2)));
    values.add(discountCents == null ? null : Decimal.createUnsafe(discountCents, 3, 2));
    return new GenericInternalRow(values.toArray());
  }

  private void write(SparkSession spark, List<Row> rows, StructType schema, String name) {
    Dataset<Row> df = spark.createDataFrame(rows, schema).coalesce(1);
    Path dir = tmp.resolve("w-" + name);
    df.write().mode(SaveMode.Overwrite).parquet(dir.toString());
    try (var files = java.nio.file.Files.list(dir)) {
      Path part = files.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      java.nio.file.Files.createDirectories(tmp.resolve("in"));
      java.nio.file.Files.move(part, tmp.resolve("in").resolve(name));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
