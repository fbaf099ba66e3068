package orderpricing.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.catalyst.JavaTypeInference;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.EncoderField;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.JavaBeanEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.JavaDecimalEncoder;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.DecimalType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A bean encoder whose BigDecimal properties have the decimal types of the data instead of Spark's default
 * DECIMAL(38, 18). With narrow types a decimal stays a long inside Spark and a small BigDecimal in the map function;
 * with (38, 18) every value is widened to 18 decimals on the way in and rounded back on the way out, which costs more
 * than the pricing itself.
 */
final class DecimalBeanEncoder {
  private DecimalBeanEncoder() {}

  /** {@code Encoders.bean(type)}, with the named BigDecimal properties given these decimal types. */
  @SuppressWarnings("unchecked")
  static <T> Encoder<T> of(Class<T> type, Map<String, DecimalType> decimals) {
    JavaBeanEncoder<T> bean = (JavaBeanEncoder<T>) JavaTypeInference.encoderFor(type);
    List<EncoderField> fields = new ArrayList<>();
    for (EncoderField f : CollectionConverters.asJava(bean.fields())) {
      DecimalType dt = decimals.get(f.name());
      fields.add(dt == null ? f : new EncoderField(f.name(), new JavaDecimalEncoder(dt, false), f.nullable(), f.metadata(),
          f.readMethod(), f.writeMethod()));
    }
    return ExpressionEncoder.apply(new JavaBeanEncoder<>(bean.clsTag(), CollectionConverters.asScala(fields).toSeq()));
  }
}
