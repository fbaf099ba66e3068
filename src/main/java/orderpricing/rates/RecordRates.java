package orderpricing.rates;

import java.util.Iterator;
import orderpricing.pricing.RateChoice;
import orderpricing.read.RawRecord;
import orderpricing.read.RecordStep;

/**
 * Rates given to the records of a task as the readers read them, before they become staged rows: no row is
 * converted for it, and the pricing reads the rate in the staged discount column.
 */
final class RecordRates implements RecordStep, RateBatches.Orders<RawRecord> {
  private static final long serialVersionUID = 1L;

  private final RateLookup lookup;
  private final UnknownCustomers unknown;

  RecordRates(RateLookup lookup, UnknownCustomers unknown) {
    this.lookup = lookup;
    this.unknown = unknown;
  }

  @Override
  public Iterator<RawRecord> apply(Iterator<RawRecord> records) {
    return new RateBatches<>(records, lookup, unknown, this);
  }

  /** A record the reader found valid, without a discount of its own, with a customer. */
  @Override
  public String customerToLookUp(RawRecord r) {
    return r.problem() == null && RateChoice.needsTableRate(r.discount(), r.customerId()) ? r.customerId() : null;
  }

  @Override
  public RawRecord withChoice(RawRecord r, RateChoice choice) {
    if (choice.problem() == null) return r.withDiscount(choice.rate());
    return r.rejectedFor(choice.problem(), r.raw() != null ? r.raw() : RateBatches.recordOf(r.id(), r.total(), r.customerId()));
  }
}
