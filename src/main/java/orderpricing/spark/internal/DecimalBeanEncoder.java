package orderpricing.spark.internal;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.catalyst.JavaTypeInference;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.EncoderField;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.JavaBeanEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.SparkDecimalEncoder;
import org.apache.spark.sql.catalyst.encoders.AgnosticEncoders.TransformingEncoder;
import org.apache.spark.sql.catalyst.encoders.Codec;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction0;

/**
 * A bean encoder whose BigDecimal properties have the decimal types of the data instead of Spark's default
 * DECIMAL(38, 18), and move between BigDecimal and Spark's Decimal through their unscaled long. With (38, 18) every
 * value is widened to 18 decimals on the way in and rounded back on the way out; even at the right type, Spark's own
 * BigDecimal conversion goes through a Scala BigDecimal and a BigInteger per value, which costs more than the pricing.
 */
public final class DecimalBeanEncoder {
  private DecimalBeanEncoder() {}

  /** {@code Encoders.bean(type)}, with the named BigDecimal properties given these decimal types. */
  @SuppressWarnings("unchecked")
  public static <T> Encoder<T> of(Class<T> type, Map<String, DecimalType> decimals) {
    JavaBeanEncoder<T> bean = (JavaBeanEncoder<T>) JavaTypeInference.encoderFor(type);
    List<EncoderField> fields = new ArrayList<>();
    for (EncoderField f : CollectionConverters.asJava(bean.fields())) {
      DecimalType dt = decimals.get(f.name());
      fields.add(dt == null ? f : new EncoderField(f.name(), decimal(dt), f.nullable(), f.metadata(), f.readMethod(), f.writeMethod()));
    }
    return ExpressionEncoder.apply(new JavaBeanEncoder<>(bean.clsTag(), CollectionConverters.asScala(fields).toSeq()));
  }

  private static TransformingEncoder<BigDecimal, Decimal> decimal(DecimalType dt) {
    return new TransformingEncoder<>(ClassTag$.MODULE$.apply(BigDecimal.class), new SparkDecimalEncoder(dt), new Provider(dt), false);
  }

  /** Hands Spark the codec; serializable, as encoders travel to the executors. */
  private static final class Provider extends AbstractFunction0<Codec<? super BigDecimal, Decimal>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final DecimalType type;

    Provider(DecimalType type) {
      this.type = type;
    }

    @Override
    public Codec<? super BigDecimal, Decimal> apply() {
      return new UnscaledCodec(type.precision(), type.scale());
    }
  }

  /** BigDecimal to Decimal by the unscaled long when it fits (precision up to 18), exactly (never rounds). */
  private static final class UnscaledCodec implements Codec<BigDecimal, Decimal> {
    private static final long serialVersionUID = 1L;
    private final int precision;
    private final int scale;

    UnscaledCodec(int precision, int scale) {
      this.precision = precision;
      this.scale = scale;
    }

    @Override
    public Decimal encode(BigDecimal value) {
      if (value == null) return null;
      BigDecimal v = value.setScale(scale); // exact: the type was sized to hold every value
      if (v.precision() > precision) {
        throw new ArithmeticException(value + " does not fit DECIMAL(" + precision + ", " + scale + ")");
      }
      if (precision <= Decimal.MAX_LONG_DIGITS()) {
        return Decimal.createUnsafe(v.movePointRight(scale).longValueExact(), precision, scale);
      }
      return Decimal.apply(v, precision, scale);
    }

    @Override
    public BigDecimal decode(Decimal value) {
      return value == null ? null : value.toJavaBigDecimal();
    }
  }
}
