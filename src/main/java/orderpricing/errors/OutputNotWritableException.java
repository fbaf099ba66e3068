package orderpricing.errors;

/** A result directory, the summary or the run record cannot be written where it was asked for. */
public class OutputNotWritableException extends PricingException {
  private static final long serialVersionUID = 1L;

  public OutputNotWritableException(String path, String reason, Throwable cause) {
    super(path, "cannot write " + path + ": " + reason, FAILED, cause);
  }
}
