package orderpricing.errors;

/** A path the run would write touches one of its inputs: a mistake in how the run was asked for, found before any work. */
public class PathOverlapException extends UsageException {
  private static final long serialVersionUID = 1L;

  public PathOverlapException(String written, String input, String relation) {
    super(written, written + " " + relation + " " + input + "; write the result elsewhere, the inputs are never overwritten");
  }
}
