package orderpricing.read;

import java.util.regex.Pattern;

/**
 * A reject's reason as a summary may show it: what is wrong, without the record's values. Reasons name the field and
 * what is wrong with it, and some go on to quote what was there after a colon ({@code total is not a number: "abc"},
 * {@code record does not parse as JSON: …}) or name the customer ({@code customer C-9 has no rate}); the summary and
 * the run record are read by schedulers and kept in logs, where no order data belongs.
 */
public final class RejectReason {
  private RejectReason() {}

  /** The customer's id is order data: it goes, and so does the rate after the colon; what is left is one of five. */
  private static final Pattern CUSTOMER = Pattern.compile("^customer .*? has (no rate|a null rate|a rate that is not a number"
      + "|a rate outside \\[0, 1\\]|a rate with more than \\d+ decimal places)(: .*)?$", Pattern.DOTALL);

  public static String withoutValues(String reason) {
    if (reason == null || reason.isBlank()) return "unknown";
    var customer = CUSTOMER.matcher(reason);
    if (customer.matches()) return "customer has " + customer.group(1);
    int colon = reason.indexOf(": ");
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
