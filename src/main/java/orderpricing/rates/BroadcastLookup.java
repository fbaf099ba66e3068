package orderpricing.rates;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import orderpricing.pricing.RateChoice;
import org.apache.spark.broadcast.Broadcast;

/** Customers looked up in the executor's copy of the broadcast table. */
final class BroadcastLookup implements RateLookup {
  private static final long serialVersionUID = 1L;

  private final Broadcast<RatesTable> table;

  BroadcastLookup(Broadcast<RatesTable> table) {
    this.table = table;
  }

  @Override
  public Map<String, RateChoice> find(Collection<String> customerIds) {
    RatesTable t = table.value();
    Map<String, RateChoice> found = new HashMap<>();
    for (String id : customerIds) {
      RateChoice c = t.get(id);
      if (c != null) found.put(id, c);
    }
    return found;
  }

  @Override
  public int batchRows() {
    return 1024;
  }
}
