package orderpricing.errors;

/** An input file a table has recorded as priced has changed since: pricing it again or skipping it are both guesses. */
public class ChangedInputException extends PricingException {
  private static final long serialVersionUID = 1L;

  public ChangedInputException(String file, String table, String what) {
    super(file, file + " was priced into " + table + " before and has changed since (" + what
        + "); price it again with --reprice-changed, or give it a new name", FAILED, null);
  }
}
