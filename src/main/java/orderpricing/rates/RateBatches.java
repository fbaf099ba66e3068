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
import orderpricing.pricing.RateChoice;

/**
 * A task's orders given their rates, in order. Orders are taken a batch at a time; the batch's customers that the
 * task has not seen yet are looked up at once, then the batch goes on, each order with the rate it is priced at or
 * the reason it cannot be. Orders that are invalid already, or have their own discount, pass as they are.
 *
 * @param <T> how the orders are held: staged rows, or records as the readers give them
 */
final class RateBatches<T> implements Iterator<T> {
  /** Customers a task remembers; beyond this it starts afresh, so a task's memory stays bounded. */
  private static final int REMEMBERED = 200_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the batches need to know of an order, and how a choice is applied to one. */
  interface Orders<T> {
    /** The customer whose rate the order is priced at, or null when the order does not rely on the table. */
    String customerToLookUp(T order);

    T withChoice(T order, RateChoice choice);
  }

  private final Iterator<T> in;
  private final RateLookup lookup;
  private final UnknownCustomers unknown;
  private final Orders<T> orders;
  private final Map<String, RateChoice> known = new HashMap<>();
  private final Set<String> missing = new HashSet<>();
  private final ArrayDeque<T> ready = new ArrayDeque<>();

  RateBatches(Iterator<T> in, RateLookup lookup, UnknownCustomers unknown, Orders<T> orders) {
    this.in = in;
    this.lookup = lookup;
    this.unknown = unknown;
    this.orders = orders;
  }

  @Override
  public boolean hasNext() {
    if (ready.isEmpty()) fill();
    return !ready.isEmpty();
  }

  @Override
  public T next() {
    if (!hasNext()) throw new NoSuchElementException();
    return ready.poll();
  }

  private void fill() {
    if (known.size() + missing.size() > REMEMBERED) {
      known.clear();
      missing.clear();
    }
    List<T> batch = new ArrayList<>();
    List<String> customers = new ArrayList<>();
    Set<String> ask = new LinkedHashSet<>();
    while (batch.size() < lookup.batchRows() && in.hasNext()) {
      T order = in.next();
      String c = orders.customerToLookUp(order);
      batch.add(order);
      customers.add(c);
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
    for (int i = 0; i < batch.size(); i++) {
      String c = customers.get(i);
      ready.add(c == null ? batch.get(i) : orders.withChoice(batch.get(i), RateChoice.choose(null, c, known.get(c))));
    }
  }

  /** A record the reader kept no text of (it was valid to the reader), for the rejects: its fields as JSON. */
  static String recordOf(String id, BigDecimal total, String customer) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", id);
    if (total != null) o.putRawValue("total", new RawValue(total.stripTrailingZeros().toPlainString()));
    o.put("customer_id", customer);
    return o.toString();
  }
}
