package orderpricing.cli;

import java.util.Optional;
import orderpricing.errors.OutputExistsException;
import orderpricing.errors.PricingException;
import orderpricing.errors.UnknownFileTypeException;
import picocli.CommandLine;

/**
 * A failed run in one line and its exit code, in one place: the job's own failures ({@link PricingException}) say
 * what went wrong and carry their exit code, with the option that mends them added here; anything else is a failure
 * of Spark or the machine, exit 1.
 */
final class Failures {
  private Failures() {}

  static int exitCode(Throwable e) {
    if (first(e, CommandLine.ParameterException.class).isPresent()) return PricingException.USAGE;
    return first(e, PricingException.class).map(PricingException::exitCode).orElse(PricingException.FAILED);
  }

  static String describe(Throwable e) {
    // Spark wraps what a task threw, sometimes several times; the project's own exceptions say it best.
    Optional<CommandLine.ParameterException> usage = first(e, CommandLine.ParameterException.class);
    if (usage.isPresent()) return firstLine(usage.get().getMessage());
    Optional<PricingException> own = first(e, PricingException.class);
    if (own.isPresent()) return firstLine(own.get().getMessage()) + remedy(own.get());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String m = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    String first = firstLine(m);
    String top = e.getMessage() == null ? "" : firstLine(e.getMessage());
    // A task failure's message names its file; keep it when the root cause does not.
    if (!top.isEmpty() && !top.equals(first) && top.contains("file")) return "run failed: " + top + " (" + first + ")";
    return "run failed: " + first;
  }

  /** The option that mends a failure, where there is one: the job itself knows no options. */
  private static String remedy(PricingException e) {
    if (e instanceof OutputExistsException) return "; pass --overwrite to replace it";
    if (e instanceof UnknownFileTypeException) return " (--input-format)";
    return "";
  }

  private static <T extends Throwable> Optional<T> first(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return Optional.of(type.cast(t));
    return Optional.empty();
  }

  private static String firstLine(String message) {
    return message.strip().lines().findFirst().orElse(message);
  }
}
