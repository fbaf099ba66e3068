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
 * {@code customer_id}, {@code problem} (why the record cannot be priced, or null) and {@code record} (the raw record,
 * kept for rejects only).
 *
 * @param total    the decimal type of totals: declared by Parquet inputs, or DECIMAL(38, 18) for text and floats
 * @param discount the decimal type of discounts, likewise
 */
public record StagedColumns(DecimalType total, DecimalType discount) implements Serializable {
  public static final DecimalType WIDEST = DataTypes.createDecimalType(38, 18);
  public static final int SOURCE = 0, POSITION = 1, ID = 2, TOTAL = 3, DISCOUNT = 4, CUSTOMER_ID = 5, PROBLEM = 6, RECORD = 7;

  public StructType schema() {
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
        default -> utf8(r.raw());
      };
    }
    return new GenericInternalRow(values);
  }

  /** A value that passed validation, exactly at the staged type (which was sized to hold every valid value). */
  static Decimal decimal(BigDecimal value, DecimalType type) {
    if (value == null) return null;
    if (type.precision() <= Decimal.MAX_LONG_DIGITS()) {
      // By the unscaled long: no BigDecimal kept inside the Decimal, nothing to convert when the row is written.
      return Decimal.createUnsafe(value.setScale(type.scale()).unscaledValue().longValueExact(), type.precision(), type.scale());
    }
    return Decimal.apply(value, type.precision(), type.scale());
  }

  private static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }
}
