package orderpricing.spark.input;

import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Stages a Parquet row whose number columns declare their types straight from the reader's values: ids as Spark
 * strings copied out of the reader's buffers, decimals by their unscaled longs, with no Java {@code String} or
 * {@code BigDecimal} on the way. A row it cannot show valid this cheaply (a problem, an id that may be blank, a value
 * that does not fit the staged type as it is) gets null, and takes the general path through a {@code RawRecord}, which
 * finds the same answer the slow way.
 */
final class DeclaredRows {
  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
  }

  private final int[] fields;
  /** The query reads ids (with their file and position) and nothing else: no column to judge, none to stage. */
  private final boolean idsOnly;
  private final Text id, customerId;
  private final Number total, discount;

  private DeclaredRows(int[] fields, boolean idsOnly, Text id, Text customerId, Number total, Number discount) {
    this.fields = fields;
    this.idsOnly = idsOnly;
    this.id = id;
    this.customerId = customerId;
    this.total = total;
    this.discount = discount;
  }

  /**
   * Rows of these fields of {@code staged} from a file with these columns, or null when the staging needs the general
   * path for every row: kept columns or whole records to carry, a floating-point or wide decimal column, wide staged
   * decimals.
   */
  static DeclaredRows of(ParquetColumns columns, StagedColumns staged, int[] fields) {
    boolean idsOnly = true;
    for (int f : fields) {
      if (f == StagedColumns.RECORD || f == StagedColumns.KEPT) return null;
      idsOnly &= f == StagedColumns.ID || f == StagedColumns.SOURCE || f == StagedColumns.POSITION;
    }
    if (idsOnly) return new DeclaredRows(fields.clone(), true, Text.of(columns, "id"), null, null, null);
    Number total = Number.of(columns, "total", staged.total());
    Number discount = Number.of(columns, "discount", staged.discount());
    if (total == null || discount == null) return null;
    return new DeclaredRows(fields.clone(), false, Text.of(columns, "id"), Text.of(columns, "customer_id"), total, discount);
  }

  /** The row staged, or null where the general path must stage it. */
  InternalRow stage(InternalRow row, int source, long position) {
    if (idsOnly) return idRow(row, source, position);
    UTF8String id = this.id.valueIn(row);
    if (id == null || !surelyNotBlank(id)) return null;
    long total = this.total.unscaled(row);
    if (this.total.absent(row) || total < 0 || !this.total.fits(total)) return null;
    boolean noDiscount = this.discount.absent(row);
    long discount = noDiscount ? 0 : this.discount.unscaled(row);
    if (!noDiscount && (discount < 0 || discount > this.discount.one() || !this.discount.fits(discount))) return null;
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = switch (fields[i]) {
        case StagedColumns.SOURCE -> source;
        case StagedColumns.POSITION -> position;
        case StagedColumns.ID -> id.clone();
        case StagedColumns.TOTAL -> this.total.staged(total);
        case StagedColumns.DISCOUNT -> noDiscount ? null : this.discount.staged(discount);
        case StagedColumns.CUSTOMER_ID -> customerId.copyIn(row);
        default -> null; // the problem: none
      };
    }
    return new GenericInternalRow(values);
  }

  /** A row of the id, its file and position only (the duplicate count's): nothing to judge. */
  private InternalRow idRow(InternalRow row, int source, long position) {
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i] == StagedColumns.ID ? id.copyIn(row) : fields[i] == StagedColumns.SOURCE ? (Object) source : position;
    }
    return new GenericInternalRow(values);
  }

  /** Starts with a printable ASCII character other than the space: not blank, whatever follows. */
  private static boolean surelyNotBlank(UTF8String s) {
    if (s.numBytes() == 0) return false;
    byte first = s.getByte(0);
    return first > 0x20 && first < 0x7f;
  }

  /** A text column (string or integer), or none. */
  private record Text(int ordinal, DataType type) {
    static Text of(ParquetColumns columns, String name) {
      int i = columns.ordinal(name);
      return new Text(i, i < 0 ? null : columns.read().fields()[i].dataType());
    }

    /** The value as it sits in the reader's buffers (valid until the next row), or null. */
    UTF8String valueIn(InternalRow row) {
      if (ordinal < 0 || row.isNullAt(ordinal)) return null;
      if (type == DataTypes.StringType) return row.getUTF8String(ordinal);
      return UTF8String.fromString(ParquetColumns.integerText(row, ordinal, type));
    }

    UTF8String copyIn(InternalRow row) {
      UTF8String v = valueIn(row);
      return v == null ? null : v.clone();
    }
  }

  /**
   * A number column of a declared type whose values are longs at {@code scale}, staged at {@code staged} by scaling
   * their unscaled longs (up by {@code up} or down by {@code down}, a power of ten; down only where exact).
   */
  private record Number(int ordinal, DataType type, int scale, DecimalType staged, long up, long down, long limit) {
    static Number of(ParquetColumns columns, String name, DecimalType staged) {
      if (staged.precision() > Decimal.MAX_LONG_DIGITS()) return null;
      int i = columns.ordinal(name);
      DataType type = i < 0 ? null : columns.read().fields()[i].dataType();
      int scale;
      if (type == null || type == DataTypes.ByteType || type == DataTypes.ShortType || type == DataTypes.IntegerType) {
        scale = 0;
      } else if (type instanceof DecimalType d && d.precision() <= Decimal.MAX_LONG_DIGITS()) {
        scale = d.scale();
      } else {
        return null; // floating point, longs (19 digits) and wide decimals: by the general path
      }
      long up = staged.scale() >= scale ? POWERS_OF_TEN[staged.scale() - scale] : 1;
      long down = staged.scale() < scale ? POWERS_OF_TEN[scale - staged.scale()] : 1;
      return new Number(i, type, scale, staged, up, down, POWERS_OF_TEN[staged.precision()]);
    }

    boolean absent(InternalRow row) {
      return ordinal < 0 || row.isNullAt(ordinal);
    }

    /** The value's unscaled long at the column's scale (meaningless when absent). */
    long unscaled(InternalRow row) {
      if (ordinal < 0 || row.isNullAt(ordinal)) return 0;
      if (type instanceof DecimalType d) return row.getDecimal(ordinal, d.precision(), d.scale()).toUnscaledLong();
      return type == DataTypes.IntegerType ? row.getInt(ordinal) : type == DataTypes.ShortType ? row.getShort(ordinal) : row.getByte(ordinal);
    }

    /** One, unscaled at the column's scale. */
    long one() {
      return POWERS_OF_TEN[scale];
    }

    /** Whether a non-negative value is held exactly by the staged type. */
    boolean fits(long unscaled) {
      if (unscaled % down != 0) return false;
      long v = unscaled / down;
      return v <= (limit - 1) / up;
    }

    Decimal staged(long unscaled) {
      return Decimal.createUnsafe(unscaled / down * up, staged.precision(), staged.scale());
    }
  }
}
