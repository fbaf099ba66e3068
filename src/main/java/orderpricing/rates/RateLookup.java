package orderpricing.rates;

import java.io.Serializable;
import java.util.Collection;
import java.util.Map;
import orderpricing.pricing.RateChoice;

/** How a task finds its orders' customers in the rates table: in a broadcast copy, or in PostgreSQL itself. */
interface RateLookup extends Serializable {
  /** What the table gives each of these customers; customers that are not in it are left out. */
  Map<String, RateChoice> find(Collection<String> customerIds);

  /** How many orders a task gathers before it looks their customers up, all at once. */
  int batchRows();
}
