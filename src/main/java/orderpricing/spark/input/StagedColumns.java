package orderpricing.spark.input;

import java.io.Serializable;
import java.math.BigDecimal;
import orderpricing.read.RawRecord;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The staged rows every input becomes, whatever its format: {@code source} (the file's place in the input),
 * {@code position} (1-based in the file), {@code id}, {@code total}, {@code discount} (exact decimals),
 * {@code customer_id}, {@code problem} (why the record cannot be priced, or null), {@code record} (the raw record,
 * kept for rejects only) and, when columns are kept, {@code kept}: a struct of their values, in the order asked.
 *
 * @param total    the decimal type of totals: declared by Parquet inputs, or DECIMAL(38, 18) for text and floats
 * @param discount the decimal type of discounts, likewise
 * @param kept     the kept columns with their types (strings from text inputs, Parquet's own types); empty for none
 */
public record StagedColumns(DecimalType total, DecimalType discount, StructType kept) implements Serializable {
  public static final DecimalType WIDEST = DataTypes.createDecimalType(38, 18);
  public static final int SOURCE = 0, POSITION = 1, ID = 2, TOTAL = 3, DISCOUNT = 4, CUSTOMER_ID = 5, PROBLEM = 6, RECORD = 7, KEPT = 8;
  public static final String KEPT_COLUMN = "kept";

  public StagedColumns(DecimalType total, DecimalType discount) {
    this(total, discount, new StructType());
  }

  /** These columns with the decimal types of {@code sized}. */
  StagedColumns withDecimalsOf(StagedColumns sized) {
    return new StagedColumns(sized.total, sized.discount, kept);
  }

  /** The kept columns' names, in the order asked. */
  public java.util.List<String> keptNames() {
    return java.util.List.of(kept.fieldNames());
  }

  public StructType schema() {
    StructType orders = new StructType(new StructField[] {
        DataTypes.createStructField("source", DataTypes.IntegerType, false),
        DataTypes.createStructField("position", DataTypes.LongType, false),
        DataTypes.createStructField("id", DataTypes.StringType, true),
        DataTypes.createStructField("total", total, true),
        DataTypes.createStructField("discount", discount, true),
        DataTypes.createStructField("customer_id", DataTypes.StringType, true),
        DataTypes.createStructField("problem", DataTypes.StringType, true),
        DataTypes.createStructField("record", DataTypes.StringType, true),
    });
    return kept.isEmpty() ? orders : orders.add(KEPT_COLUMN, kept, true);
  }

  /** A record of the input file {@code source} as a staged row of the given columns (indices into {@link #schema()}). */
  InternalRow row(int source, RawRecord r, int[] fields) {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = switch (fields[i]) {
        case SOURCE -> source;
        case POSITION -> r.position();
        case ID -> utf8(r.id());
        case TOTAL -> decimal(r.total(), total);
        case DISCOUNT -> decimal(r.discount(), discount);
        case CUSTOMER_ID -> utf8(r.customerId());
        case PROBLEM -> utf8(r.problem());
        case RECORD -> utf8(r.raw());
        default -> keptRow(r.kept());
      };
    }
    return new GenericInternalRow(values);
  }

  /** Text readers give kept values as strings, the Parquet reader as Spark's own values, already copied. */
  private static InternalRow keptRow(Object[] kept) {
    if (kept == null) return null;
    Object[] values = new Object[kept.length];
    for (int i = 0; i < kept.length; i++) {
      Object v = kept[i];
      values[i] = v == RawRecord.ABSENT ? null : v instanceof String s ? UTF8String.fromString(s) : v;
    }
    return new GenericInternalRow(values);
  }

  /** A value that passed validation, exactly at the staged type (which was sized to hold every valid value). */
  static Decimal decimal(BigDecimal value, DecimalType type) {
    if (value == null) return null;
    if (type.precision() <= Decimal.MAX_LONG_DIGITS()) {
      // By the unscaled long: no BigDecimal kept inside the Decimal, nothing to convert when the row is written.
      // movePointRight keeps a small BigDecimal's compact long: no BigInteger per value.
      long unscaled = value.setScale(type.scale()).movePointRight(type.scale()).longValueExact();
      return Decimal.createUnsafe(unscaled, type.precision(), type.scale());
    }
    return Decimal.apply(value, type.precision(), type.scale());
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }
}
