package orderpricing.errors;

/** The output path exists and the run was not asked to replace it. */
public class OutputExistsException extends PricingException {
  private static final long serialVersionUID = 1L;

  public OutputExistsException(String path) {
    super(path, path + " already exists", FAILED, null);
  }
}
