package orderpricing.spark.input;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Whether a row group's column statistics prove every order in it valid, so a run that must know its invalid records
 * before it writes (a table run) can skip reading them for it. Proven only when each fact is recorded: ids with no
 * nulls and none that can be blank (the smallest starts above the space, the largest below the first byte of a
 * Unicode space), totals with no nulls and a minimum of at least 0, discounts (when present) between 0 and 1. A
 * missing statistic proves nothing. Declared decimal types are within the limits already ({@link ParquetColumns#declared}).
 */
final class ValidByStatistics {
  /** Bytes a blank id can start with, after the ASCII controls and space: UTF-8 of U+1680, U+2000–U+205F, U+3000. */
  private static final int FIRST_UNICODE_SPACE_BYTE = 0xE1;

  private ValidByStatistics() {}

  static boolean rowGroup(BlockMetaData block) {
    if (block.getRowCount() == 0) return true;
    Map<String, ColumnChunkMetaData> columns = new HashMap<>();
    for (ColumnChunkMetaData c : block.getColumns()) columns.put(c.getPath().toDotString(), c);
    return ids(columns.get("id")) && totals(columns.get("total")) && discounts(columns.get("discount"));
  }

  private static boolean ids(ColumnChunkMetaData c) {
    Statistics<?> s = noNulls(c);
    if (s == null) return false;
    if (c.getPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY) return isInteger(c);
    byte[] min = ((Binary) s.genericGetMin()).getBytes(), max = ((Binary) s.genericGetMax()).getBytes();
    return min.length > 0 && (min[0] & 0xff) > ' ' && max.length > 0 && (max[0] & 0xff) < FIRST_UNICODE_SPACE_BYTE;
  }

  private static boolean totals(ColumnChunkMetaData c) {
    Statistics<?> s = noNulls(c);
    return s != null && signum(c, s.genericGetMin()) >= 0;
  }

  /** No discount column, or only nulls, is no discount; otherwise every value in [0, 1]. */
  private static boolean discounts(ColumnChunkMetaData c) {
    if (c == null) return true;
    Statistics<?> s = c.getStatistics();
    if (s == null || s.isEmpty() || !s.isNumNullsSet()) return false;
    if (!s.hasNonNullValue()) return s.getNumNulls() == c.getValueCount();
    BigInteger max = unscaled(c, s.genericGetMax());
    return signum(c, s.genericGetMin()) >= 0 && max != null && max.compareTo(BigInteger.TEN.pow(scale(c))) <= 0;
  }

  /** The statistics of a column that has them and no nulls, or null. */
  private static Statistics<?> noNulls(ColumnChunkMetaData c) {
    if (c == null) return null;
    Statistics<?> s = c.getStatistics();
    if (s == null || s.isEmpty() || !s.isNumNullsSet() || s.getNumNulls() != 0 || !s.hasNonNullValue()) return null;
    return s;
  }

  private static int signum(ColumnChunkMetaData c, Object value) {
    BigInteger v = unscaled(c, value);
    return v == null ? -1 : v.signum();
  }

  /** A value as its unscaled integer: signed INT32 and INT64, or a decimal's two's-complement bytes; null otherwise. */
  private static BigInteger unscaled(ColumnChunkMetaData c, Object value) {
    LogicalTypeAnnotation t = c.getPrimitiveType().getLogicalTypeAnnotation();
    if (t instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i && !i.isSigned()) return null; // unsigned order
    if (value instanceof Integer i) return BigInteger.valueOf(i);
    if (value instanceof Long l) return BigInteger.valueOf(l);
    if (value instanceof Binary b && b.length() > 0 && t instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation) {
      return new BigInteger(b.getBytes());
    }
    return null;
  }

  private static int scale(ColumnChunkMetaData c) {
    return c.getPrimitiveType().getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
  }

  private static boolean isInteger(ColumnChunkMetaData c) {
    PrimitiveType.PrimitiveTypeName p = c.getPrimitiveType().getPrimitiveTypeName();
    return p == PrimitiveType.PrimitiveTypeName.INT32 || p == PrimitiveType.PrimitiveTypeName.INT64;
  }
}
