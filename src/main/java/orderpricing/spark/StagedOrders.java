package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orderpricing.pricing.OrderValidator;
import orderpricing.read.FieldValues;
import orderpricing.read.InputFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.api.java.UDF5;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every input record, valid or not, as one dataset in input order: {@code source} (the file's place in the input),
 * {@code position} (1-based within the file), {@code id}, {@code total}, {@code discount} (exact decimals),
 * {@code problem} (null when the order can be priced) and {@code record} (the raw record, for rejects only).
 *
 * <p>Order is kept without a shuffle: each Parquet file is a scan of its own, whose splits Spark reads in file order;
 * JSON and CSV files are parsed one file per task; the parts are unioned in input order, and union keeps the order
 * of its children's partitions.
 */
public final class StagedOrders {
  public static final DecimalType MONEY = DataTypes.createDecimalType(38, 18);
  public static final StructType SCHEMA = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.IntegerType, false),
      DataTypes.createStructField("position", DataTypes.LongType, false),
      DataTypes.createStructField("id", DataTypes.StringType, true),
      DataTypes.createStructField("total", MONEY, true),
      DataTypes.createStructField("discount", MONEY, true),
      DataTypes.createStructField("problem", DataTypes.StringType, true),
      DataTypes.createStructField("record", DataTypes.StringType, true),
  });
  private static final StructType FILES = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.IntegerType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("format", DataTypes.StringType, false),
      DataTypes.createStructField("name", DataTypes.StringType, false),
  });

  private StagedOrders() {}

  public static Dataset<Row> read(SparkSession spark, List<InputFile> files) {
    List<Dataset<Row>> parts = new ArrayList<>();
    List<InputFile> textRun = new ArrayList<>();
    for (InputFile file : files) {
      if (file.format() == InputFormat.PARQUET) {
        if (!textRun.isEmpty()) parts.add(textFiles(spark, textRun));
        textRun = new ArrayList<>();
        parts.add(parquetFile(spark, file));
      } else {
        textRun.add(file);
      }
    }
    if (!textRun.isEmpty()) parts.add(textFiles(spark, textRun));
    if (parts.isEmpty()) return spark.createDataFrame(List.of(), SCHEMA);
    Dataset<Row> all = parts.get(0);
    for (int i = 1; i < parts.size(); i++) all = all.union(parts.get(i));
    return all;
  }

  /** JSON and CSV files, one task each, parsed by the project's own readers for exact numbers and positions. */
  private static Dataset<Row> textFiles(SparkSession spark, List<InputFile> files) {
    List<Row> rows = new ArrayList<>();
    for (InputFile f : files) rows.add(RowFactory.create(f.index(), f.path(), f.format().name(), f.displayName()));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> fileList = spark.createDataFrame(jsc.parallelize(rows, rows.size()), FILES);
    return fileList.flatMap(new ParseTextFile(hadoopSettings(spark)), Encoders.row(SCHEMA));
  }

  /** Hadoop settings travel to the executors as plain strings; Configuration itself is not serializable. */
  static Map<String, String> hadoopSettings(SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) settings.put(e.getKey(), e.getValue());
    return settings;
  }

  private static Dataset<Row> parquetFile(SparkSession spark, InputFile file) {
    checkFooter(spark, file);
    Dataset<Row> scan = spark.read().parquet(file.path());
    Map<String, DataType> types = new HashMap<>();
    for (StructField f : scan.schema().fields()) types.put(f.name(), f.dataType());

    Column id = idColumn(file, types.get("id"));
    ParquetNumber total = ParquetNumber.of(file, "total", types.get("total"));
    ParquetNumber discount = ParquetNumber.of(file, "discount", types.get("discount"));
    Column problem = CHECK.apply(id, total.value(), discount.value(), total.problem(), discount.problem());
    Column record = to_json(struct(Arrays.stream(scan.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new)));
    return scan.select(
        lit(file.index()).as("source"),
        col("_metadata.row_index").plus(1).as("position"),
        id.as("id"),
        total.value().as("total"),
        discount.value().as("discount"),
        problem.as("problem"),
        when(problem.isNotNull(), record).as("record"));
  }

  /** Reads the footer first, so a truncated or corrupt file is named in one line instead of failing inside a task. */
  private static void checkFooter(SparkSession spark, InputFile file) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.path()), conf))) {
      reader.getFooter();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new InputFileException(file.displayName(), "not a readable Parquet file (" + why.replace(file.path(), "").strip() + ")", e);
    }
  }

  private static Column idColumn(InputFile file, DataType type) {
    if (type == null) return lit(null).cast(DataTypes.StringType);
    if (type == DataTypes.StringType) return col("id");
    if (type == DataTypes.IntegerType || type == DataTypes.LongType || type == DataTypes.ShortType) return col("id").cast(DataTypes.StringType);
    throw new InputFileException(file.displayName(), "column id has type " + type.simpleString() + ", expected a string");
  }

  /** The problem of a record, or null: the same rule in the same words as the JSON and CSV readers. */
  private static final UserDefinedFunction CHECK = udf(
      (UDF5<String, BigDecimal, BigDecimal, String, String, String>) (id, total, discount, totalType, discountType) ->
          OrderValidator.first(
              OrderValidator.idProblem(id),
              totalType,
              OrderValidator.totalProblem(total),
              discountType,
              OrderValidator.discountProblem(discount)),
      DataTypes.StringType);

  /** A Parquet number column as an exact decimal, plus the problem of values that have none (NaN, too wide). */
  private record ParquetNumber(Column value, Column problem) {
    static ParquetNumber of(InputFile file, String name, DataType type) {
      Column c = col(name);
      if (type == null) return new ParquetNumber(lit(null).cast(MONEY), lit(null).cast(DataTypes.StringType));
      if (type == DataTypes.IntegerType || type == DataTypes.LongType || type == DataTypes.ShortType || type == DataTypes.ByteType) {
        return new ParquetNumber(c.cast(MONEY), lit(null).cast(DataTypes.StringType));
      }
      if (type instanceof DecimalType d && d.scale() <= 18 && d.precision() - d.scale() <= 20) {
        return new ParquetNumber(c.cast(MONEY), lit(null).cast(DataTypes.StringType));
      }
      if (type instanceof DecimalType) {
        return new ParquetNumber(udf((UDF1<BigDecimal, BigDecimal>) v -> v == null || OrderValidator.outOfRange(name, v) != null ? null : v, MONEY).apply(c),
            udf((UDF1<BigDecimal, String>) v -> v == null ? null : OrderValidator.outOfRange(name, v), DataTypes.StringType).apply(c));
      }
      if (type == DataTypes.DoubleType || type == DataTypes.FloatType) {
        Column d = c.cast(DataTypes.DoubleType);
        boolean isFloat = type == DataTypes.FloatType;
        UserDefinedFunction exact = udf((UDF1<Double, BigDecimal>) v -> {
          if (v == null) return null;
          BigDecimal b = isFloat ? FieldValues.fromFloat(v.floatValue()) : FieldValues.fromDouble(v);
          return b == null || OrderValidator.outOfRange(name, b) != null ? null : b;
        }, MONEY);
        UserDefinedFunction why = udf((UDF1<Double, String>) v -> {
          if (v == null) return null;
          if (v.isNaN() || v.isInfinite()) return FieldValues.notFinite(name, v);
          BigDecimal b = isFloat ? FieldValues.fromFloat(v.floatValue()) : FieldValues.fromDouble(v);
          return OrderValidator.outOfRange(name, b);
        }, DataTypes.StringType);
        return new ParquetNumber(exact.apply(d), why.apply(d));
      }
      throw new InputFileException(file.displayName(), "column " + name + " has type " + type.simpleString() + ", expected a number");
    }
  }
}
