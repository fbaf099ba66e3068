package orderpricing.spark;

/** The output path exists and the run was not asked to overwrite it. */
public class OutputExistsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String path) {
    super(path + " already exists; pass --overwrite to replace it");
  }
}
