package orderpricing.spark;

import java.util.Iterator;
import orderpricing.pricing.OrderValidator;
import orderpricing.read.RawRecord;
import orderpricing.read.RecordStep;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The library's customer orders given their rates by the same step the job applies to the records it reads: rows of
 * (id, total, discount, customer_id) in, rows of (id, total, discount) out, in order, the discount the rate each is
 * priced at. An order that cannot be priced, in itself or for want of its customer's rate, fails the task naming the
 * order and the reason.
 */
final class OrdersAtRates implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final RecordStep rates;

  OrdersAtRates(RecordStep rates) {
    this.rates = rates;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Iterator<RawRecord> priced = rates.apply(new Iterator<>() {
      @Override public boolean hasNext() { return rows.hasNext(); }
      @Override public RawRecord next() { return record(rows.next()); }
    });
    return new Iterator<>() {
      @Override public boolean hasNext() { return priced.hasNext(); }
      @Override public Row next() { return row(priced.next()); }
    };
  }

  /** An order invalid in itself carries its problem, so that no rate is looked up for it. */
  private static RawRecord record(Row r) {
    String id = r.getString(0);
    java.math.BigDecimal total = r.getDecimal(1), discount = r.getDecimal(2);
    return new RawRecord(0, id, total, discount, OrderValidator.problem(id, total, discount), null, r.getString(3));
  }

  private static Row row(RawRecord r) {
    if (r.problem() != null) throw new IllegalArgumentException("order " + r.id() + ": " + r.problem());
    return RowFactory.create(r.id(), r.total(), r.discount());
  }
}
