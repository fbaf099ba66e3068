package orderpricing.spark.input;

import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import orderpricing.read.RawRecord;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * What the records of inputs that do not declare their decimal types hold (JSON, CSV, floating point), measured in
 * one pass before pricing: the counts, the widest total and discount among the valid orders (which size the staged
 * and output decimal columns), and the first invalid record in input order (for fail mode). One task a planned
 * partition; only these few numbers come back to the driver.
 */
public record Profile(long records, long invalid, int totalScale, int discountScale, BigDecimal maxTotal, Invalid first)
    implements Serializable {

  /** An invalid record and where it is. */
  public record Invalid(int source, long position, String id, String problem) implements Serializable {}

  public static Profile of(SparkSession spark, InputPlan plan) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    List<List<Slice>> partitions = plan.partitions();
    if (partitions.isEmpty()) return new Profile(0, 0, 0, 0, BigDecimal.ZERO, null);
    List<Profile> parts = jsc.parallelize(partitions, partitions.size()).map(new Measure(plan.context(spark))).collect();
    return parts.stream().reduce(Profile::then).orElseThrow();
  }

  /** The first invalid record in input order, if any. */
  public Optional<Invalid> firstInvalid() {
    return Optional.ofNullable(first);
  }

  /** The staged columns that hold every valid value exactly, at their narrowest. */
  public StagedColumns columns() {
    int integer = Math.max(1, maxTotal.precision() - maxTotal.scale());
    return new StagedColumns(DataTypes.createDecimalType(Math.min(38, integer + totalScale), totalScale),
        DataTypes.createDecimalType(discountScale + 1, discountScale));
  }

  /** This profile followed by the next partition's. */
  private Profile then(Profile next) {
    return new Profile(records + next.records, invalid + next.invalid, Math.max(totalScale, next.totalScale),
        Math.max(discountScale, next.discountScale), maxTotal.max(next.maxTotal),
        first != null ? first : next.first);
  }

  private static final class Measure implements Function<List<Slice>, Profile> {
    private static final long serialVersionUID = 1L;
    private final SliceContext context;

    Measure(SliceContext context) {
      this.context = context;
    }

    @Override
    public Profile call(List<Slice> slices) throws IOException {
      long records = 0, invalid = 0;
      int totalScale = 0, discountScale = 0;
      BigDecimal maxTotal = BigDecimal.ZERO;
      Invalid first = null;
      for (Slice slice : slices) {
        try (Slice.Records in = slice.open(context)) {
          while (in.hasNext()) {
            RawRecord r = in.next();
            records++;
            if (r.problem() != null) {
              invalid++;
              if (first == null) first = new Invalid(slice.file().index(), r.position(), r.id(), r.problem());
              continue;
            }
            maxTotal = maxTotal.max(r.total());
            totalScale = Math.max(totalScale, fractionDigits(r.total()));
            if (r.discount() != null) discountScale = Math.max(discountScale, fractionDigits(r.discount()));
          }
        }
      }
      return new Profile(records, invalid, totalScale, discountScale, maxTotal, first);
    }

    /** How many decimals a value really has (12.500000 has 1). */
    private static int fractionDigits(BigDecimal v) {
      return v.scale() <= 0 ? 0 : Math.max(0, v.stripTrailingZeros().scale());
    }
  }
}
