package orderpricing.errors;

/**
 * The job was asked for something it must not do, found before anything is read or written (the same input given
 * twice, rejects that overlap the output): a usage error, as a bad option is, not a failed run.
 */
public class UsageException extends PricingException {
  private static final long serialVersionUID = 1L;

  public UsageException(String subject, String message) {
    super(subject, message, USAGE, null);
  }
}
