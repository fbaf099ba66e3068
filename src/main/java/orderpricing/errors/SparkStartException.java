package orderpricing.errors;

/** Spark could not start: most often a master that cannot be reached or that refused this application. */
public final class SparkStartException extends PricingException {
  private static final long serialVersionUID = 1L;

  public SparkStartException(String master, Throwable cause) {
    super(master, "cannot start Spark on master " + master + ": check that it is running and reachable, and, for a"
        + " cluster with spark.authenticate, that this run has its secret (" + firstLine(cause) + ")", FAILED, cause);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().lines().findFirst().orElse(m);
  }
}
