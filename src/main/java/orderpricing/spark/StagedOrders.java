package orderpricing.spark;

import static org.apache.spark.sql.functions.coalesce;
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
import orderpricing.rates.CustomerRates;
import orderpricing.read.FieldValues;
import orderpricing.read.InputFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
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
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Every input record, valid or not, as one dataset in input order: {@code source} (the file's place in the input),
 * {@code position} (1-based within the file), {@code id}, {@code total}, {@code discount} (exact decimals),
 * {@code customer_id} (null when the record names no customer), {@code problem} (what the reader found wrong, or null) and {@code record} (the raw record, for rejects).
 *
 * <p>Order is kept without a shuffle: each Parquet file is a scan of its own, whose splits Spark reads in file order;
 * JSON and CSV files are parsed one file per task; the parts are unioned in input order, and union keeps the order
 * of its children's partitions.
 *
 * <p>Decimals keep the narrowest type that holds every input exactly: Parquet DECIMAL and integer columns declare
 * theirs, so a run over them needs no pass to find out; JSON, CSV and floating-point values may carry up to 18
 * decimals and 20 integer digits, DECIMAL(38, 18), and a run over them measures the data first.
 */
public final class StagedOrders {
  public static final DecimalType WIDEST = DataTypes.createDecimalType(38, 18);

  private final Dataset<Row> rows;
  private final Dataset<Row> withReasons;
  private final DecimalType totalType;
  private final DecimalType discountType;
  private final boolean typesDeclared;
  private final long declaredRecords;
  private final Profile measured;
  private final Long duplicateIds;

  private StagedOrders(Dataset<Row> rows, Dataset<Row> withReasons, DecimalType totalType, DecimalType discountType,
      boolean typesDeclared, long declaredRecords, Profile measured, Long duplicateIds) {
    this.measured = measured;
    this.duplicateIds = duplicateIds;
    this.rows = rows;
    this.withReasons = withReasons;
    this.totalType = totalType;
    this.discountType = discountType;
    this.typesDeclared = typesDeclared;
    this.declaredRecords = declaredRecords;
  }

  /**
   * The records for pricing: {@code problem} holds what the reader found (for Parquet only values that are no
   * decimal at all, such as NaN); the order rules themselves are applied by the typed filter before the map.
   */
  public Dataset<Row> rows() { return rows; }

  /** The same records with {@code problem} giving every invalid record its full reason: for rejects and fail-fast. */
  public Dataset<Row> withReasons() { return withReasons; }
  public DecimalType totalType() { return totalType; }
  public DecimalType discountType() { return discountType; }

  /** True when every input declares exact decimal types (Parquet DECIMAL or integers): no need to measure the data. */
  public boolean typesDeclared() { return typesDeclared; }

  /** The record count the Parquet footers declare; meaningful when {@link #typesDeclared()}. */
  public long declaredRecords() { return declaredRecords; }

  /** The profile, when the records were already measured as they were read (small JSON and CSV inputs). */
  public java.util.Optional<Profile> measured() { return java.util.Optional.ofNullable(measured); }

  /** The duplicate ids, when already counted as the records were read (small JSON and CSV inputs). */
  public java.util.Optional<Long> duplicateIds() { return java.util.Optional.ofNullable(duplicateIds); }

  /**
   * The same records with customer rates applied ({@link CustomerRates#apply}): discounts become the rates orders are
   * priced at, and the discount column widens to hold them. A profile measured before is dropped, since rates change
   * the discounts and the invalid records.
   */
  public StagedOrders withRates(CustomerRates rates) {
    if (rates == CustomerRates.none()) return this;
    return new StagedOrders(rates.apply(rows), rates.apply(withReasons), totalType, rates.discountType(discountType),
        typesDeclared, declaredRecords, null, duplicateIds);
  }

  static StructType schema(DecimalType total, DecimalType discount) {
    return new StructType(new StructField[] {
        DataTypes.createStructField("source", DataTypes.IntegerType, false),
        DataTypes.createStructField("position", DataTypes.LongType, false),
        DataTypes.createStructField("id", DataTypes.StringType, true),
        DataTypes.createStructField("total", total, true),
        DataTypes.createStructField("discount", discount, true),
        DataTypes.createStructField("customer_id", DataTypes.StringType, true),
        DataTypes.createStructField("problem", DataTypes.StringType, true),
        DataTypes.createStructField("record", DataTypes.StringType, true),
    });
  }

  private static final StructType FILES = new StructType(new StructField[] {
      DataTypes.createStructField("source", DataTypes.IntegerType, false),
      DataTypes.createStructField("path", DataTypes.StringType, false),
      DataTypes.createStructField("format", DataTypes.StringType, false),
      DataTypes.createStructField("name", DataTypes.StringType, false),
  });

  /** JSON and CSV inputs up to this size are parsed on the driver: a small run needs no Spark job to measure them. */
  static final long SMALL_TEXT_BYTES = 8L << 20;

  public static StagedOrders read(SparkSession spark, List<InputFile> files) {
    if (!files.isEmpty() && files.stream().allMatch(f -> f.format() != DataFormat.PARQUET)
        && files.stream().mapToLong(InputFile::length).sum() <= SMALL_TEXT_BYTES) {
      return readSmallText(spark, files);
    }
    List<ParquetPart> parquet = new ArrayList<>();
    boolean text = false;
    long declared = 0;
    for (InputFile file : files) {
      if (file.format() == DataFormat.PARQUET) {
        ParquetPart part = ParquetPart.of(spark, file);
        parquet.add(part);
        declared += part.rows;
      } else {
        text = true;
      }
    }
    boolean typesDeclared = !text && parquet.stream().allMatch(p -> p.total.exact && p.discount.exact);
    DecimalType total = typesDeclared ? widest(parquet.stream().map(p -> p.total.type).toList()) : WIDEST;
    DecimalType discount = typesDeclared ? widest(parquet.stream().map(p -> p.discount.type).toList()) : WIDEST;

    return new StagedOrders(union(spark, files, parquet, total, discount, false), union(spark, files, parquet, total, discount, true),
        total, discount, typesDeclared, declared, null, null);
  }

  /**
   * Small JSON and CSV inputs: parsed once, here, measuring them on the way (counts, decimals, duplicate ids), then
   * handed to Spark as a local dataset, in input order, for the executors to price.
   */
  private static StagedOrders readSmallText(SparkSession spark, List<InputFile> files) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    List<Row> rows = new ArrayList<>();
    java.util.Set<String> ids = new java.util.HashSet<>();
    long records = 0, invalid = 0, duplicates = 0;
    int totalScale = 0, discountScale = 0;
    BigDecimal maxTotal = BigDecimal.ZERO;
    for (InputFile file : files) {
      java.util.Iterator<Row> parsed = ParseTextFile.parse(file.index(), new Path(file.path()), file.format(), file.displayName(), conf);
      while (parsed.hasNext()) {
        Row r = parsed.next();
        rows.add(r);
        records++;
        String id = r.getString(2);
        if (id != null && !ids.add(id)) duplicates++;
        if (!r.isNullAt(6)) {
          invalid++;
          continue;
        }
        BigDecimal total = r.getDecimal(3);
        maxTotal = maxTotal.max(total);
        totalScale = Math.max(totalScale, Math.max(0, total.stripTrailingZeros().scale()));
        if (!r.isNullAt(4)) discountScale = Math.max(discountScale, Math.max(0, r.getDecimal(4).stripTrailingZeros().scale()));
      }
    }
    Dataset<Row> ds = spark.createDataFrame(rows, schema(WIDEST, WIDEST));
    Profile profile = new Profile(records, invalid, totalScale, discountScale, maxTotal);
    return new StagedOrders(ds, ds, WIDEST, WIDEST, false, records, profile, duplicates);
  }

  private static Dataset<Row> union(SparkSession spark, List<InputFile> files, List<ParquetPart> parquet,
      DecimalType total, DecimalType discount, boolean reasons) {
    List<Dataset<Row>> parts = new ArrayList<>();
    List<InputFile> textRun = new ArrayList<>();
    int next = 0;
    for (InputFile file : files) {
      if (file.format() == DataFormat.PARQUET) {
        if (!textRun.isEmpty()) parts.add(textFiles(spark, textRun, total, discount));
        textRun = new ArrayList<>();
        parts.add(parquet.get(next++).select(total, discount, reasons));
      } else {
        textRun.add(file);
      }
    }
    if (!textRun.isEmpty()) parts.add(textFiles(spark, textRun, total, discount));
    Dataset<Row> all = parts.isEmpty() ? spark.createDataFrame(List.of(), schema(total, discount)) : parts.get(0);
    for (int i = 1; i < parts.size(); i++) all = all.union(parts.get(i));
    return all;
  }

  /** The narrowest decimal holding every one of the types exactly. */
  private static DecimalType widest(List<DecimalType> types) {
    int integer = 1, scale = 0;
    for (DecimalType t : types) {
      integer = Math.max(integer, t.precision() - t.scale());
      scale = Math.max(scale, t.scale());
    }
    return DataTypes.createDecimalType(integer + scale, scale);
  }

  /** JSON and CSV files, one task each, parsed by the project's own readers for exact numbers and positions. */
  private static Dataset<Row> textFiles(SparkSession spark, List<InputFile> files, DecimalType total, DecimalType discount) {
    List<Row> rows = new ArrayList<>();
    for (InputFile f : files) rows.add(RowFactory.create(f.index(), f.path(), f.format().name(), f.displayName()));
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Dataset<Row> fileList = spark.createDataFrame(jsc.parallelize(rows, rows.size()), FILES);
    return fileList.flatMap(new ParseTextFile(hadoopSettings(spark)), Encoders.row(schema(total, discount)));
  }

  /** Hadoop settings travel to the executors as plain strings; Configuration itself is not serializable. */
  static Map<String, String> hadoopSettings(SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) settings.put(e.getKey(), e.getValue());
    return settings;
  }

  /** One Parquet file: its scan and how each of its columns becomes a staged column. */
  private record ParquetPart(InputFile file, Dataset<Row> scan, Column id, ParquetNumber total, ParquetNumber discount, Column customer, long rows) {
    static ParquetPart of(SparkSession spark, InputFile file) {
      ParquetMetadata footer = footer(spark, file);
      long rows = footer.getBlocks().stream().mapToLong(b -> b.getRowCount()).sum();
      // The schema from the footer just read, so Spark need not open the file again to infer it.
      StructType schema = new ParquetToSparkSchemaConverter(spark.sessionState().conf()).convert(footer.getFileMetaData().getSchema());
      Dataset<Row> scan = spark.read().schema(schema).parquet(file.path());
      Map<String, DataType> types = new HashMap<>();
      for (StructField f : scan.schema().fields()) types.put(f.name(), f.dataType());
      return new ParquetPart(file, scan, idColumn(file, types.get("id")),
          ParquetNumber.of(file, "total", types.get("total")), ParquetNumber.of(file, "discount", types.get("discount")),
          customerColumn(types.get("customer_id")), rows);
    }

    Dataset<Row> select(DecimalType totalType, DecimalType discountType, boolean reasons) {
      Column problem = reasons
          ? REASON.apply(id, total.value, discount.value, total.problem, discount.problem)
          : coalesce(total.problem, discount.problem);
      Column record = to_json(struct(Arrays.stream(scan.columns()).map(c -> col("`" + c + "`")).toArray(Column[]::new)));
      return scan.select(
          lit(file.index()).as("source"),
          col("_metadata.row_index").plus(1).as("position"),
          id.as("id"),
          total.value.cast(totalType).as("total"),
          discount.value.cast(discountType).as("discount"),
          customer.as("customer_id"),
          problem.as("problem"),
          when(problem.isNotNull(), record).as("record"));
    }
  }

  /** The full reason of an invalid Parquet row, in the words and field order of the JSON and CSV readers. */
  private static final UserDefinedFunction REASON = udf(
      (UDF5<String, BigDecimal, BigDecimal, String, String, String>) (id, total, discount, totalType, discountType) ->
          OrderValidator.first(OrderValidator.idProblem(id), totalType, OrderValidator.totalProblem(total),
              discountType, OrderValidator.discountProblem(discount)),
      DataTypes.StringType);

  /** Reads the footer first, so a truncated or corrupt file is named in one line instead of failing inside a task. */
  private static ParquetMetadata footer(SparkSession spark, InputFile file) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.path()), conf))) {
      return reader.getFooter();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new InputFileException(file.displayName(), "not a readable Parquet file (" + why.replace(file.path(), "").strip() + ")", e);
    }
  }

  private static Column idColumn(InputFile file, DataType type) {
    return textColumn(file, "id", type);
  }

  /** Customers by their text, whatever the column's type: only orders that rely on their customer's rate care. */
  private static Column customerColumn(DataType type) {
    return type == null ? lit(null).cast(DataTypes.StringType) : col("customer_id").cast(DataTypes.StringType);
  }

  /** A string column, or an integer one as its decimal text; null when the file has no such column. */
  private static Column textColumn(InputFile file, String name, DataType type) {
    if (type == null) return lit(null).cast(DataTypes.StringType);
    if (type == DataTypes.StringType) return col(name);
    if (type == DataTypes.IntegerType || type == DataTypes.LongType || type == DataTypes.ShortType) return col(name).cast(DataTypes.StringType);
    throw new InputFileException(file.displayName(), "column " + name + " has type " + type.simpleString() + ", expected a string");
  }

  /**
   * A Parquet number column as an exact decimal, and the problem of values that have none (NaN, infinities, too
   * many digits). {@code exact} when the column's own type holds every value exactly within the staged limits.
   */
  private record ParquetNumber(Column value, Column problem, DecimalType type, boolean exact) {
    private static final Column NO_PROBLEM = lit(null).cast(DataTypes.StringType);

    static ParquetNumber of(InputFile file, String name, DataType type) {
      Column c = col(name);
      if (type == null) return new ParquetNumber(lit(null).cast(DataTypes.createDecimalType(1, 0)), NO_PROBLEM, DataTypes.createDecimalType(1, 0), true);
      if (type == DataTypes.ByteType || type == DataTypes.ShortType || type == DataTypes.IntegerType || type == DataTypes.LongType) {
        DecimalType t = DataTypes.createDecimalType(type == DataTypes.LongType ? 20 : 10, 0);
        return new ParquetNumber(c.cast(t), NO_PROBLEM, t, true);
      }
      if (type instanceof DecimalType d && d.scale() <= OrderValidator.MAX_FRACTION_DIGITS
          && d.precision() - d.scale() <= OrderValidator.MAX_INTEGER_DIGITS) {
        return new ParquetNumber(c, NO_PROBLEM, d, true);
      }
      if (type instanceof DecimalType) {
        UserDefinedFunction exact = udf((UDF1<BigDecimal, BigDecimal>) v -> v == null || OrderValidator.outOfRange(name, v) != null ? null : v, WIDEST);
        UserDefinedFunction why = udf((UDF1<BigDecimal, String>) v -> v == null ? null : OrderValidator.outOfRange(name, v), DataTypes.StringType);
        return new ParquetNumber(exact.apply(c), why.apply(c), WIDEST, false);
      }
      if (type == DataTypes.DoubleType || type == DataTypes.FloatType) {
        boolean isFloat = type == DataTypes.FloatType;
        Column d = c.cast(DataTypes.DoubleType);
        UserDefinedFunction exact = udf((UDF1<Double, BigDecimal>) v -> {
          BigDecimal b = v == null ? null : isFloat ? FieldValues.fromFloat(v.floatValue()) : FieldValues.fromDouble(v);
          return b == null || OrderValidator.outOfRange(name, b) != null ? null : b;
        }, WIDEST);
        UserDefinedFunction why = udf((UDF1<Double, String>) v -> {
          if (v == null) return null;
          if (v.isNaN() || v.isInfinite()) return FieldValues.notFinite(name, v);
          return OrderValidator.outOfRange(name, isFloat ? FieldValues.fromFloat(v.floatValue()) : FieldValues.fromDouble(v));
        }, DataTypes.StringType);
        return new ParquetNumber(exact.apply(d), why.apply(d), WIDEST, false);
      }
      throw new InputFileException(file.displayName(), "column " + name + " has type " + type.simpleString() + ", expected a number");
    }
  }
}
