package orderpricing.read;

/** A whole input file cannot be read (malformed structure, wrong column types, unreadable): the run stops. */
public class InputFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InputFileException(String file, String what) {
    super(file + ": " + what);
  }

  public InputFileException(String file, String what, Throwable cause) {
    super(file + ": " + what, cause);
  }
}
