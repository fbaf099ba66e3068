package orderpricing.spark.stats;

import java.math.BigDecimal;
import org.apache.spark.util.AccumulatorV2;

/** An exact sum of decimals across tasks: the run's price total, added up as the prices are made. */
public final class DecimalSum extends AccumulatorV2<BigDecimal, BigDecimal> {
  private static final long serialVersionUID = 1L;

  private BigDecimal sum = BigDecimal.ZERO;

  @Override public boolean isZero() { return sum.signum() == 0; }
  @Override public AccumulatorV2<BigDecimal, BigDecimal> copy() { DecimalSum c = new DecimalSum(); c.sum = sum; return c; }
  @Override public void reset() { sum = BigDecimal.ZERO; }
  @Override public void add(BigDecimal v) { sum = sum.add(v); }
  @Override public void merge(AccumulatorV2<BigDecimal, BigDecimal> other) { sum = sum.add(other.value()); }
  @Override public BigDecimal value() { return sum; }
}
