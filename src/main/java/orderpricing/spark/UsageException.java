package orderpricing.spark;

/**
 * The job was asked for something it must not do, found out before anything is read or written (the same input
 * given twice): a usage error, as a bad option is, not a failed run.
 */
public class UsageException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(message);
  }
}
