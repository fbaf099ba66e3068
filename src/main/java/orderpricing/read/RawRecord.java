package orderpricing.read;

import java.math.BigDecimal;

/**
 * One input record as a reader saw it: where it was, what it held, and what is wrong with it (null when it can be
 * priced). The raw text is kept only for records with a problem, since only rejects report it.
 */
public record RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String customerId, String problem, String raw) {
  /** A record of an input without customer ids. */
  public RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw) {
    this(position, id, total, discount, null, problem, raw);
  }
}
