package orderpricing.errors;

/** An input whose name says no data format the job reads, and no format was given for all inputs. */
public class UnknownFileTypeException extends InputFileException {
  private static final long serialVersionUID = 1L;

  public UnknownFileTypeException(String file, String what) {
    super(file, what);
  }
}
