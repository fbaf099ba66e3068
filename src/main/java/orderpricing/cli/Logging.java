package orderpricing.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the console for the user: Spark's task failures are reported once, by this command, in one line. With
 * --verbose Spark's own log is shown as configured, stack traces and all.
 */
final class Logging {
  private Logging() {}

  static void configure(boolean verbose) {
    if (verbose) {
      Configurator.setLevel("org.apache.spark", Level.INFO);
      return;
    }
    Configurator.setLevel("org.apache.spark", Level.WARN);
    // These log a user's bad input file as ERROR with a stack trace, before this command can say it in one line.
    Configurator.setLevel("org.apache.spark.executor.Executor", Level.OFF);
    Configurator.setLevel("org.apache.spark.scheduler.TaskSetManager", Level.OFF);
    Configurator.setLevel("org.apache.spark.util.Utils", Level.OFF);
    Configurator.setLevel("org.apache.spark.sql.execution.datasources.FileFormatWriter", Level.OFF);
    Configurator.setLevel("org.apache.spark.sql.execution.datasources.FileFormatDataWriter", Level.OFF);
    Configurator.setLevel("org.apache.spark.internal.io.SparkHadoopWriter", Level.OFF);
    // A task that fails while filling the cache of staged rows is reported here too, before the command reports it.
    Configurator.setLevel("org.apache.spark.storage.BlockManager", Level.ERROR);
  }
}
