package orderpricing.errors;

/** Another live run writes the same output: this one is refused before it reads or writes anything. */
public class OutputLockedException extends PricingException {
  private static final long serialVersionUID = 1L;

  public OutputLockedException(String path, String otherRun) {
    super(path, path + " is being written by another run (" + otherRun + ")", FAILED, null);
  }
}
