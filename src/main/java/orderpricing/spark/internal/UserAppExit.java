package orderpricing.spark.internal;

import org.apache.spark.SparkUserAppException;

/**
 * Spark's own exception for an application whose {@code main} ended with an exit code. YARN's ApplicationMaster runs
 * {@code main} in a thread and reports this one as the application FAILED with that code ("User application exited
 * with status N"); any other exception it reports as a crash of the user class. Internal to Spark
 * ({@code private[spark]}), hence here: an upgrade that changes it fails this file's compile and SparkInternalsTest.
 */
public final class UserAppExit {
  private UserAppExit() {}

  public static Exception of(int exitCode) {
    return new SparkUserAppException(exitCode, null);
  }
}
