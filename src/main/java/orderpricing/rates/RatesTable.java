package orderpricing.rates;

import orderpricing.errors.RatesException;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import orderpricing.pricing.RateChoice;
import org.apache.spark.sql.Row;

/**
 * A whole rates table in memory, as it is broadcast: customer ids in sorted order with each one's rate (by its
 * unscaled long and scale) or the problem that keeps it from being applied. Plain arrays, so a million customers
 * serialize in a fraction of a second and take a few tens of MB.
 */
final class RatesTable implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String[] ids;
  private final long[] unscaled;
  private final byte[] scales;
  private final String[] problems;
  private final int decimals;

  private RatesTable(String[] ids, long[] unscaled, byte[] scales, String[] problems, int decimals) {
    this.ids = ids;
    this.unscaled = unscaled;
    this.scales = scales;
    this.problems = problems;
    this.decimals = decimals;
  }

  /**
   * From rows of (customer_id, rate as text); rows without a customer id are skipped (no order can match them). Two
   * rows for one customer make its rate ambiguous: {@link RatesException} naming the customer and {@code where}.
   */
  static RatesTable of(Iterator<Row> rows, String where) {
    List<Object[]> entries = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      if (r.isNullAt(0)) continue;
      String id = r.getString(0);
      entries.add(new Object[] {id, RateChoice.ofTable(id, r.isNullAt(1) ? null : r.getString(1))});
    }
    entries.sort(Comparator.comparing(e -> (String) e[0]));
    int n = entries.size();
    String[] ids = new String[n];
    long[] unscaled = new long[n];
    byte[] scales = new byte[n];
    String[] problems = new String[n];
    int decimals = 0;
    for (int i = 0; i < n; i++) {
      ids[i] = (String) entries.get(i)[0];
      if (i > 0 && ids[i].equals(ids[i - 1])) throw ambiguous(where, ids[i]);
      RateChoice c = (RateChoice) entries.get(i)[1];
      if (c.problem() != null) {
        problems[i] = c.problem();
      } else {
        BigDecimal rate = c.rate().stripTrailingZeros();
        if (rate.scale() < 0) rate = rate.setScale(0);
        unscaled[i] = rate.unscaledValue().longValueExact(); // at most 1 with at most 18 decimals: fits a long
        scales[i] = (byte) rate.scale();
        decimals = Math.max(decimals, c.decimals());
      }
    }
    return new RatesTable(ids, unscaled, scales, problems, decimals);
  }

  static RatesException ambiguous(String where, String customer) {
    return new RatesException("rates " + where + ": customer " + customer + " has more than one row, so its rate is ambiguous");
  }

  /** What the table gives the customer, or null when it is not in the table. */
  RateChoice get(String customerId) {
    int i = Arrays.binarySearch(ids, customerId);
    if (i < 0) return null;
    return problems[i] != null ? new RateChoice(null, problems[i]) : new RateChoice(BigDecimal.valueOf(unscaled[i], scales[i]), null);
  }

  long customers() {
    return ids.length;
  }

  /** The most decimals a valid rate has. */
  int decimals() {
    return decimals;
  }
}
