package orderpricing.rates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.RateChoice;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Runs in each task: gives the partition's staged orders their rates, in order. Orders are taken a batch at a time;
 * the batch's customers that the task has not seen yet are looked up at once, then the batch goes on, each order with
 * the rate it is priced at or the reason it cannot be. Orders that are invalid already, or have their own discount,
 * pass as they are.
 */
final class ApplyRates implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;
  /** Customers a task remembers; beyond this it starts afresh, so a task's memory stays bounded. */
  private static final int REMEMBERED = 200_000;
  private static final ObjectMapper JSON = new ObjectMapper();

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
    return new Iterator<>() {
      private final Map<String, RateChoice> known = new HashMap<>();
      private final Set<String> missing = new HashSet<>();
      private final ArrayDeque<Row> ready = new ArrayDeque<>();

      @Override
      public boolean hasNext() {
        if (ready.isEmpty()) fill();
        return !ready.isEmpty();
      }

      @Override
      public Row next() {
        if (!hasNext()) throw new NoSuchElementException();
        return ready.poll();
      }

      private void fill() {
        if (known.size() + missing.size() > REMEMBERED) {
          known.clear();
          missing.clear();
        }
        List<Row> batch = new ArrayList<>();
        Set<String> ask = new LinkedHashSet<>();
        while (batch.size() < lookup.batchRows() && rows.hasNext()) {
          Row r = rows.next();
          batch.add(r);
          String c = customerToLookUp(r);
          if (c != null && !known.containsKey(c) && !missing.contains(c)) ask.add(c);
        }
        if (!ask.isEmpty()) {
          Map<String, RateChoice> found = lookup.find(ask);
          for (String c : ask) {
            RateChoice entry = found.get(c);
            if (entry != null) {
              known.put(c, entry);
            } else {
              missing.add(c);
              unknown.add(c);
            }
          }
        }
        for (Row r : batch) {
          String c = customerToLookUp(r);
          ready.add(c == null ? r : withChoice(r, RateChoice.choose(null, c, known.get(c))));
        }
      }
    };
  }

  /** The customer whose rate the order is priced at, or null when the order does not rely on the table. */
  private String customerToLookUp(Row r) {
    if (!r.isNullAt(problem)) return null;
    BigDecimal own = r.isNullAt(discount) ? null : r.getDecimal(discount);
    String c = r.isNullAt(customer) ? null : r.getString(customer);
    if (!RateChoice.needsTableRate(own, c)) return null;
    // An order that is invalid in itself is rejected for that, first.
    BigDecimal t = r.isNullAt(total) ? null : r.getDecimal(total);
    return OrderValidator.problem(r.isNullAt(id) ? null : r.getString(id), t, null) == null ? c : null;
  }

  private Row withChoice(Row r, RateChoice choice) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) values[i] = r.get(i);
    if (choice.problem() == null) {
      values[discount] = choice.rate();
    } else {
      values[problem] = choice.problem();
      if (values[record] == null) values[record] = recordOf(r);
    }
    return RowFactory.create(values);
  }

  /** A record the reader kept no text of (it was valid to the reader), for the rejects: its fields as JSON. */
  private String recordOf(Row r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", r.getString(id));
    if (!r.isNullAt(total)) o.putRawValue("total", new RawValue(r.getDecimal(total).stripTrailingZeros().toPlainString()));
    o.put("customer_id", r.getString(customer));
    return o.toString();
  }
}
