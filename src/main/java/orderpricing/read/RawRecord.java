package orderpricing.read;

import java.math.BigDecimal;

/**
 * One input record as a reader saw it: where it was, what it held, and what is wrong with it (null when it can be
 * priced). The raw text is kept only for records with a problem, since only rejects report it. {@code customerId} is
 * null when the record names no customer.
 */
public record RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw, String customerId) {
  public RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw) {
    this(position, id, total, discount, problem, raw, null);
  }
}
