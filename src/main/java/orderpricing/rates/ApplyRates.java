package orderpricing.rates;

import java.math.BigDecimal;
import java.util.Iterator;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.RateChoice;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/** Runs in each task over a dataset of staged orders (the library's path): gives them their rates, in order. */
final class ApplyRates implements MapPartitionsFunction<Row, Row>, RateBatches.Orders<Row> {
  private static final long serialVersionUID = 1L;

  private final RateLookup lookup;
  private final int id;
  private final int total;
  private final int discount;
  private final int customer;
  private final int problem;
  private final int record;
  private final UnknownCustomers unknown;

  ApplyRates(RateLookup lookup, int id, int total, int discount, int customer, int problem, int record, UnknownCustomers unknown) {
    this.lookup = lookup;
    this.id = id;
    this.total = total;
    this.discount = discount;
    this.customer = customer;
    this.problem = problem;
    this.record = record;
    this.unknown = unknown;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    return new RateBatches<>(rows, lookup, unknown, this);
  }

  @Override
  public String customerToLookUp(Row r) {
    if (!r.isNullAt(problem)) return null;
    BigDecimal own = r.isNullAt(discount) ? null : r.getDecimal(discount);
    String c = r.isNullAt(customer) ? null : r.getString(customer);
    if (!RateChoice.needsTableRate(own, c)) return null;
    // An order that is invalid in itself is rejected for that, first.
    BigDecimal t = r.isNullAt(total) ? null : r.getDecimal(total);
    return OrderValidator.problem(r.isNullAt(id) ? null : r.getString(id), t, null) == null ? c : null;
  }

  @Override
  public Row withChoice(Row r, RateChoice choice) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) values[i] = r.get(i);
    if (choice.problem() == null) {
      values[discount] = choice.rate();
    } else {
      values[problem] = choice.problem();
      if (values[record] == null) {
        values[record] = RateBatches.recordOf(r.getString(id), r.isNullAt(total) ? null : r.getDecimal(total), r.getString(customer));
      }
    }
    return RowFactory.create(values);
  }
}
