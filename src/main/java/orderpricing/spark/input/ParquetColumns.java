package orderpricing.spark.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import orderpricing.pricing.OrderValidator;
import orderpricing.read.FieldValues;
import orderpricing.errors.InputFileException;
import orderpricing.spark.internal.SparkParquetReader;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The order columns one Parquet file has (a subset of id, total, discount, customer_id), with their types as Spark
 * reads them, and how their values become a staged row: ids as text, numbers as exact decimals or a problem.
 */
final class ParquetColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final JsonFactory JSON = new JsonFactory();

  private final StructType read;
  private final int id, total, discount, customerId;
  /** The columns a rejected row shows: the order columns, which come first in {@link #read}, or all of them. */
  private final StructType shown;
  /** Where the kept columns are in {@link #read}, in the order asked. */
  private final int[] kept;
  private final List<String> keep;
  private final StructType fileSchema;

  private ParquetColumns(StructType fileSchema, StructType read, int shownColumns, List<String> keep) {
    this.fileSchema = fileSchema;
    this.read = read;
    this.shown = new StructType(java.util.Arrays.copyOf(read.fields(), shownColumns));
    this.keep = List.copyOf(keep);
    this.id = ordinal(read, "id");
    this.total = ordinal(read, "total");
    this.discount = ordinal(read, "discount");
    this.customerId = ordinal(read, "customer_id");
    this.kept = keep.stream().mapToInt(name -> ordinal(read, name)).toArray();
  }

  static ParquetColumns of(InputFile file, StructType fileSchema) {
    return of(file, fileSchema, List.of());
  }

  /**
   * The order columns of a file's schema, and the columns to keep; a column of a type that cannot hold its values,
   * or a kept column the file does not have, is a file error.
   */
  static ParquetColumns of(InputFile file, StructType fileSchema, List<String> keep) {
    StructType read = orderColumns(file, fileSchema);
    int orderColumns = read.size();
    for (String name : keep) {
      int i = ordinal(fileSchema, name);
      if (i < 0) throw new InputFileException(file.displayName(), "has no column " + name + " to keep");
      if (ordinal(read, name) < 0) read = read.add(fileSchema.fields()[i]);
    }
    return new ParquetColumns(fileSchema, read, orderColumns, keep);
  }

  /** The same columns read with every other column of the file, in file order, for showing a rejected row whole. */
  ParquetColumns whole() {
    return new ParquetColumns(fileSchema, fileSchema, fileSchema.size(), keep);
  }

  /** The id column alone. */
  ParquetColumns idOnly() {
    StructType ids = new StructType(new StructField[] {read.fields()[id]});
    return new ParquetColumns(fileSchema, ids, 1, List.of());
  }

  /**
   * What a query of these staged fields reads: every column of the file for the rejects' records, the id alone for a
   * query of nothing else (the duplicate count), the order columns otherwise.
   */
  ParquetColumns forFields(int[] fields) {
    boolean idsOnly = true;
    for (int f : fields) {
      if (f == StagedColumns.RECORD) return whole();
      idsOnly &= f == StagedColumns.ID || f == StagedColumns.SOURCE || f == StagedColumns.POSITION;
    }
    return idsOnly ? idOnly() : this;
  }

  private static StructType orderColumns(InputFile file, StructType fileSchema) {
    StructType read = new StructType();
    for (StructField f : fileSchema.fields()) {
      switch (f.name()) {
        case "id", "customer_id" -> {
          if (!(f.dataType() == DataTypes.StringType || integral(f.dataType()))) throw wrongType(file, f, "a string");
          read = read.add(f);
        }
        case "total", "discount" -> {
          if (!(integral(f.dataType()) || f.dataType() instanceof DecimalType || floating(f.dataType()))) {
            throw wrongType(file, f, "a number");
          }
          read = read.add(f);
        }
        default -> { }
      }
    }
    // Names are matched exactly, as in CSV headers: a file without the columns has no orders to read.
    for (String needed : List.of("id", "total")) {
      if (ordinal(read, needed) < 0) {
        throw new InputFileException(file.displayName(), "has no " + needed + " column (columns: "
            + String.join(", ", fileSchema.fieldNames()) + "; names are matched exactly, case included)");
      }
    }
    return read;
  }

  /** The kept columns, named and typed as Spark reads them. */
  StructType keptSchema() {
    StructType schema = new StructType();
    for (int i : kept) schema = schema.add(read.fields()[i]);
    return schema;
  }

  /**
   * The kept columns' values, copied out of the reader's row (which it reuses for the next one), or null when
   * none are kept.
   */
  Object[] kept(InternalRow row) {
    if (kept.length == 0) return null;
    Object[] values = new Object[kept.length];
    for (int i = 0; i < kept.length; i++) {
      int c = kept[i];
      values[i] = SparkParquetReader.copyOf(row, c, read.fields()[c].dataType());
    }
    return values;
  }

  /** Where a column is in {@link #read}, or -1. */
  int ordinal(String name) {
    return ordinal(read, name);
  }

  /** The columns to read, in file order. */
  StructType read() {
    return read;
  }

  /**
   * The decimal type that holds every value of a number column exactly within the staged limits, or null when its
   * values must be checked one by one (floating point, or a decimal wider than the limits).
   */
  DecimalType declared(String name) {
    int i = ordinal(read, name);
    if (i < 0) return DataTypes.createDecimalType(1, 0);
    DataType t = read.fields()[i].dataType();
    if (t == DataTypes.LongType) return DataTypes.createDecimalType(20, 0);
    if (integral(t)) return DataTypes.createDecimalType(10, 0);
    if (t instanceof DecimalType d && d.scale() <= OrderValidator.MAX_FRACTION_DIGITS
        && d.precision() - d.scale() <= OrderValidator.MAX_INTEGER_DIGITS) {
      return d;
    }
    return null;
  }

  String id(InternalRow row) {
    return text(row, id);
  }

  String customerId(InternalRow row) {
    return text(row, customerId);
  }

  /** A number column's value as an exact decimal, or why it has none; both null when the value is absent. */
  record NumberValue(BigDecimal value, String problem) {
    static final NumberValue ABSENT = new NumberValue(null, null);
  }

  NumberValue total(InternalRow row) {
    return number(row, total, "total");
  }

  NumberValue discount(InternalRow row) {
    return number(row, discount, "discount");
  }

  /** The row as a JSON object, for rejects: the columns read, nulls left out. */
  String json(InternalRow row) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);
      ParquetRowJson.write(g, row, shown);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private String text(InternalRow row, int i) {
    if (i < 0 || row.isNullAt(i)) return null;
    DataType t = read.fields()[i].dataType();
    if (t == DataTypes.StringType) return row.getUTF8String(i).toString();
    return integerText(row, i, t);
  }

  /** An integer column's value as its digits: an integer id is the id its digits spell. */
  static String integerText(InternalRow row, int i, DataType t) {
    return Long.toString(t == DataTypes.LongType ? row.getLong(i) : t == DataTypes.IntegerType ? row.getInt(i)
        : t == DataTypes.ShortType ? row.getShort(i) : row.getByte(i));
  }

  /** Read and judged once: NaN and infinities have no decimal, and a decimal beyond the staged limits is refused. */
  private NumberValue number(InternalRow row, int i, String name) {
    if (i < 0 || row.isNullAt(i)) return NumberValue.ABSENT;
    DataType t = read.fields()[i].dataType();
    if (integral(t)) return new NumberValue(exact(row, i, t), null); // at most 19 digits: always within the limits
    BigDecimal v;
    if (floating(t)) {
      double d = t == DataTypes.DoubleType ? row.getDouble(i) : row.getFloat(i);
      if (Double.isNaN(d) || Double.isInfinite(d)) return new NumberValue(null, FieldValues.notFinite(name, d));
      v = t == DataTypes.DoubleType ? FieldValues.fromDouble(d) : FieldValues.fromFloat((float) d);
    } else {
      v = exact(row, i, t);
    }
    String problem = OrderValidator.outOfRange(name, v);
    return problem == null ? new NumberValue(v, null) : new NumberValue(null, problem);
  }

  private static BigDecimal exact(InternalRow row, int i, DataType t) {
    if (t instanceof DecimalType d) return row.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal();
    if (t == DataTypes.LongType) return BigDecimal.valueOf(row.getLong(i));
    if (t == DataTypes.IntegerType) return BigDecimal.valueOf(row.getInt(i));
    if (t == DataTypes.ShortType) return BigDecimal.valueOf(row.getShort(i));
    return BigDecimal.valueOf(row.getByte(i));
  }

  private static boolean integral(DataType t) {
    return t == DataTypes.ByteType || t == DataTypes.ShortType || t == DataTypes.IntegerType || t == DataTypes.LongType;
  }

  private static boolean floating(DataType t) {
    return t == DataTypes.FloatType || t == DataTypes.DoubleType;
  }

  private static int ordinal(StructType s, String name) {
    for (int i = 0; i < s.size(); i++) if (s.fields()[i].name().equals(name)) return i;
    return -1;
  }

  private static InputFileException wrongType(InputFile file, StructField f, String expected) {
    return new InputFileException(file.displayName(), "column " + f.name() + " has type " + f.dataType().simpleString() + ", expected " + expected);
  }
}
