package orderpricing.errors;

/** A result directory cannot be written where it was asked for: found before any input is read. */
public class OutputNotWritableException extends PricingException {
  private static final long serialVersionUID = 1L;

  public OutputNotWritableException(String path, String reason, Throwable cause) {
    super(path, "cannot write " + path + ": " + reason, FAILED, cause);
  }
}
