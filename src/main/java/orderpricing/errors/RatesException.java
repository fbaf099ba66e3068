package orderpricing.errors;

/**
 * The customer rates cannot be used: a source that cannot be read (unreachable database, wrong password, missing
 * table or column, missing file), an ambiguous table, or a lookup that failed mid-run. The message is one line that
 * names the source (host, database and table, or file) and never holds a password.
 */
public class RatesException extends PricingException {
  private static final long serialVersionUID = 1L;

  public RatesException(String message) {
    this(message, null);
  }

  public RatesException(String message, Throwable cause) {
    super(null, message, FAILED, cause); // the message names the source, without its credentials
  }

  /** The first line of what went wrong, with the root cause when it says more (an unknown host, a refused socket). */
  public static String reason(Throwable e) {
    String top = firstLine(e);
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    if (root == e) return top;
    String deeper = firstLine(root);
    return top.contains(deeper) ? top : top + " (" + root.getClass().getSimpleName() + ": " + deeper + ")";
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().lines().findFirst().orElse(m);
  }
}
