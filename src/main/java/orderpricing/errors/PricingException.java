package orderpricing.errors;

/**
 * The one base of the job's own failures, each in one line that names what it is about (a file, a path, an option or
 * a source), with the exit code a command line gives for it: {@link #USAGE} for a run asked for in a way that cannot
 * work, found before any work, {@link #FAILED} for a run that failed. Anything else that stops a run is a failure of
 * Spark or of the machine. A run with more rejects than it allows ends with {@link #OVER_REJECT_LIMIT}: it is no
 * failure of the job, but of its input.
 */
public abstract class PricingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int OVER_REJECT_LIMIT = 3;

  private final String subject;
  private final int exitCode;

  protected PricingException(String subject, String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.subject = subject;
    this.exitCode = exitCode;
  }

  /** The file, path, option or source the failure is about, as the user gave it; null when it is about none. */
  public String subject() {
    return subject;
  }

  public int exitCode() {
    return exitCode;
  }
}
