package orderpricing.cli;

import orderpricing.rates.RatesException;
import orderpricing.read.InputFileException;
import orderpricing.spark.InvalidOrderException;
import orderpricing.spark.OutputExistsException;
import orderpricing.spark.UsageException;
import picocli.CommandLine;
import orderpricing.spark.OutputNotWritableException;

/** One line for a failed run: the user's mistake in its own words, or the first line of what went wrong. */
final class Failures {
  private Failures() {}

  /** 2 for a run asked for in a way that cannot work (found before any work), 1 for a run that failed. */
  static int exitCode(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) if (t instanceof UsageException || t instanceof CommandLine.ParameterException) return 2;
    return 1;
  }

  static String describe(Throwable e) {
    // Spark wraps what a task threw, sometimes several times; the project's own exceptions say it best.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InputFileException || t instanceof InvalidOrderException || t instanceof OutputExistsException
          || t instanceof SparkStartException || t instanceof RatesException || t instanceof UsageException
          || t instanceof OutputNotWritableException || t instanceof CommandLine.ParameterException) {
        return firstLine(t.getMessage());
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    String first = firstLine(m);
    String top = e.getMessage() == null ? "" : firstLine(e.getMessage());
    // A task failure's message names its file; keep it when the root cause does not.
    if (!top.isEmpty() && !top.equals(first) && top.contains("file")) return "run failed: " + top + " (" + first + ")";
    return "run failed: " + first;
  }

  private static String firstLine(String message) {
    return message.strip().lines().findFirst().orElse(message);
  }
}
