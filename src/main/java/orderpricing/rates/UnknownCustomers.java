package orderpricing.rates;

import java.util.HashSet;
import java.util.Set;
import org.apache.spark.util.AccumulatorV2;

/**
 * The distinct customers that orders relied on for a rate and the table does not have. A set, so a task that runs
 * twice (a retry, another pass over the orders) adds nothing new: the union is the same.
 */
final class UnknownCustomers extends AccumulatorV2<String, Set<String>> {
  private static final long serialVersionUID = 1L;

  private final Set<String> customers = new HashSet<>();

  @Override public boolean isZero() { return customers.isEmpty(); }
  @Override public void reset() { customers.clear(); }
  @Override public void add(String customer) { customers.add(customer); }
  @Override public Set<String> value() { return customers; }

  @Override
  public UnknownCustomers copy() {
    UnknownCustomers c = new UnknownCustomers();
    c.customers.addAll(customers);
    return c;
  }

  @Override
  public void merge(AccumulatorV2<String, Set<String>> other) {
    customers.addAll(other.value());
  }
}
