package orderpricing.spark;

/** An invalid order stopped a run started with {@link OnInvalid#FAIL}. */
public class InvalidOrderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidOrderException(String file, long position, String id, String problem) {
    super("invalid order in " + file + " at position " + position + (id != null && !id.isBlank() ? " (id " + id + ")" : "") + ": " + problem);
  }
}
