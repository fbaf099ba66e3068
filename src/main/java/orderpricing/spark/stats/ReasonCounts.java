package orderpricing.spark.stats;

import java.util.HashMap;
import java.util.Map;
import orderpricing.read.RejectReason;
import org.apache.spark.util.AccumulatorV2;

/**
 * Rejects counted by reason as they are written, each reason worded without its record's values, so that the
 * summary can say why without a job of its own. The reasons are few kinds; should a run have more than
 * {@value #MOST} different ones, the rest are counted together.
 */
public final class ReasonCounts extends AccumulatorV2<String, Map<String, Long>> {
  private static final long serialVersionUID = 1L;
  static final int MOST = 1000;
  static final String OTHERS = "other reasons";

  private final HashMap<String, Long> counts = new HashMap<>();

  @Override
  public void add(String reason) {
    count(RejectReason.withoutValues(reason), 1);
  }

  private void count(String reason, long n) {
    String key = counts.size() < MOST || counts.containsKey(reason) ? reason : OTHERS;
    counts.merge(key, n, Long::sum);
  }

  @Override
  public void merge(AccumulatorV2<String, Map<String, Long>> other) {
    other.value().forEach(this::count);
  }

  @Override public Map<String, Long> value() { return counts; }
  @Override public boolean isZero() { return counts.isEmpty(); }
  @Override public ReasonCounts copy() { ReasonCounts c = new ReasonCounts(); c.counts.putAll(counts); return c; }
  @Override public void reset() { counts.clear(); }
}
