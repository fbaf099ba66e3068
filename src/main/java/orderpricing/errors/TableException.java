package orderpricing.errors;

/** A table output that cannot take this run's orders as asked: the message names the table and what stands in the way. */
public class TableException extends PricingException {
  private static final long serialVersionUID = 1L;

  public TableException(String table, String message) {
    this(table, message, null);
  }

  public TableException(String table, String message, Throwable cause) {
    super(table, message, FAILED, cause);
  }
}
