package orderpricing.errors;

/** A whole input file cannot be read (malformed structure, wrong column types, unreadable): the run stops. */
public class InputFileException extends PricingException {
  private static final long serialVersionUID = 1L;

  public InputFileException(String file, String what) {
    this(file, what, null);
  }

  public InputFileException(String file, String what, Throwable cause) {
    super(file, file + ": " + what, FAILED, cause);
  }
}
