package orderpricing.cli;

/** Spark could not start: most often a master that cannot be reached or that refused this application. */
final class SparkStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SparkStartException(String master, Throwable cause) {
    super("cannot start Spark on master " + master + ": check that it is running and reachable, and, for a cluster"
        + " with spark.authenticate, that this run has its secret (" + firstLine(cause) + ")", cause);
  }

  private static String firstLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().lines().findFirst().orElse(m);
  }
}
