package orderpricing.spark;

import java.math.BigDecimal;

/**
 * How many rejects a run may have and still commit: more than that and the input is taken to be broken, and nothing
 * is written. {@link #none()} allows any number (rejects are a success by design).
 */
public sealed interface RejectLimit {
  /** Whether a run with these counts is over the limit. */
  boolean exceededBy(long rejected, long inputRecords);

  /** A run over the limit when more than {@code max} records are rejected. */
  record Count(long max) implements RejectLimit {
    public Count {
      if (max < 0) throw new IllegalArgumentException("a count of rejects must be 0 or more: " + max);
    }

    @Override public boolean exceededBy(long rejected, long inputRecords) { return rejected > max; }
    @Override public String toString() { return Long.toString(max); }
  }

  /** A run over the limit when more than {@code percent} % of the input records are rejected. */
  record Share(BigDecimal percent) implements RejectLimit {
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public Share {
      if (percent.signum() < 0 || percent.compareTo(HUNDRED) > 0) {
        throw new IllegalArgumentException("a share of rejects must be between 0% and 100%: " + percent.toPlainString() + "%");
      }
    }

    /** Exact: rejected / records > percent / 100, as rejected × 100 > percent × records. */
    @Override public boolean exceededBy(long rejected, long inputRecords) {
      return BigDecimal.valueOf(rejected).multiply(HUNDRED).compareTo(percent.multiply(BigDecimal.valueOf(inputRecords))) > 0;
    }

    @Override public String toString() { return percent.toPlainString() + "%"; }
  }

  /** No limit. */
  static RejectLimit none() {
    return None.INSTANCE;
  }

  /** {@code N} (a count) or {@code P%} (a share of the input records, decimals allowed). */
  static RejectLimit parse(String text) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) return new Share(new BigDecimal(t.substring(0, t.length() - 1).strip()));
      return new Count(Long.parseLong(t));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a count (N) or a share of the input (P%): '" + text + "'");
    }
  }

  enum None implements RejectLimit {
    INSTANCE;

    @Override public boolean exceededBy(long rejected, long inputRecords) { return false; }
    @Override public String toString() { return "none"; }
  }
}
