package orderpricing.spark.input;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * A Parquet row as the JSON object a reject shows: every column read, by name, nulls left out; numbers exact, dates
 * and timestamps in ISO-8601 (UTC), binary as base64, structs, arrays and maps nested (map keys as their text).
 */
final class ParquetRowJson {
  private ParquetRowJson() {}

  static void write(JsonGenerator g, InternalRow row, StructType schema) throws IOException {
    g.writeStartObject();
    StructField[] fields = schema.fields();
    for (int i = 0; i < fields.length; i++) {
      if (row.isNullAt(i)) continue;
      g.writeFieldName(fields[i].name());
      value(g, row.get(i, fields[i].dataType()), fields[i].dataType());
    }
    g.writeEndObject();
  }

  private static void value(JsonGenerator g, Object v, DataType t) throws IOException {
    if (v == null) g.writeNull();
    else if (t instanceof StructType s) write(g, (InternalRow) v, s);
    else if (t instanceof ArrayType a) array(g, (ArrayData) v, a.elementType());
    else if (t instanceof MapType m) map(g, (MapData) v, m);
    else if (t instanceof DecimalType) g.writeNumber(((org.apache.spark.sql.types.Decimal) v).toJavaBigDecimal());
    else if (t instanceof DoubleType) g.writeNumber((Double) v);
    else if (t instanceof FloatType) g.writeNumber((Float) v);
    else if (t instanceof LongType) g.writeNumber((Long) v);
    else if (t instanceof IntegerType) g.writeNumber((Integer) v);
    else if (t instanceof ShortType) g.writeNumber((Short) v);
    else if (t instanceof ByteType) g.writeNumber((Byte) v);
    else if (t instanceof BooleanType) g.writeBoolean((Boolean) v);
    else if (t instanceof BinaryType) g.writeBinary((byte[]) v);
    else if (t instanceof DateType) g.writeString(LocalDate.ofEpochDay((Integer) v).toString());
    else if (t instanceof TimestampType) g.writeString(instant((Long) v).toString());
    else if (t instanceof TimestampNTZType) g.writeString(LocalDateTime.ofInstant(instant((Long) v), ZoneOffset.UTC).toString());
    else g.writeString(v.toString()); // strings (UTF8String), and any type not named above as its text
  }

  private static void array(JsonGenerator g, ArrayData a, DataType element) throws IOException {
    g.writeStartArray();
    for (int i = 0; i < a.numElements(); i++) value(g, a.isNullAt(i) ? null : a.get(i, element), element);
    g.writeEndArray();
  }

  private static void map(JsonGenerator g, MapData m, MapType type) throws IOException {
    g.writeStartObject();
    ArrayData keys = m.keyArray(), values = m.valueArray();
    for (int i = 0; i < m.numElements(); i++) {
      g.writeFieldName(String.valueOf(keys.get(i, type.keyType())));
      value(g, values.isNullAt(i) ? null : values.get(i, type.valueType()), type.valueType());
    }
    g.writeEndObject();
  }

  /** Spark's timestamps are microseconds since the epoch. */
  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
