package orderpricing.errors;

/** An invalid order stopped a run that was to fail at the first one. */
public class InvalidOrderException extends PricingException {
  private static final long serialVersionUID = 1L;

  public InvalidOrderException(String file, long position, String id, String problem) {
    super(file, "invalid order in " + file + " at position " + position
        + (id != null && !id.isBlank() ? " (id " + id + ")" : "") + ": " + problem, FAILED, null);
  }
}
