package orderpricing.read;

import java.math.BigDecimal;

/**
 * One input record as a reader saw it: where it was, what it held, and what is wrong with it (null when it can be
 * priced). The raw text is kept only for records with a problem, since only rejects report it. {@code customerId} is
 * null when the record names no customer. {@code kept} holds the values of the columns asked to be kept, in the order
 * asked (null when none are, or when the record has no fields to take them from).
 */
public record RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw,
    String customerId, Object[] kept) {

  /**
   * A kept column's value in a record that does not have the column at all (a JSON object without that key), told
   * apart from a null value so that a file where no record has the column can be named.
   */
  public static final Object ABSENT = new Object() {
    @Override
    public String toString() {
      return "(absent)";
    }
  };

  public RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw, String customerId) {
    this(position, id, total, discount, problem, raw, customerId, null);
  }

  public RawRecord(long position, String id, BigDecimal total, BigDecimal discount, String problem, String raw) {
    this(position, id, total, discount, problem, raw, null, null);
  }

  /** The same record with the values of the kept columns. */
  public RawRecord withKept(Object[] values) {
    return new RawRecord(position, id, total, discount, problem, raw, customerId, values);
  }

  /** The same record, priced at this discount. */
  public RawRecord withDiscount(BigDecimal rate) {
    return new RawRecord(position, id, total, rate, problem, raw, customerId, kept);
  }

  /** The same record, which cannot be priced for this reason; {@code raw} is its text for the rejects. */
  public RawRecord rejectedFor(String reason, String raw) {
    return new RawRecord(position, id, null, null, reason, raw, customerId, kept);
  }
}
