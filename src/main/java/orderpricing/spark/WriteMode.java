package orderpricing.spark;

/**
 * What a run does to what is already at its output: nothing may be there ({@link Create}), it is replaced
 * ({@link Overwrite}), the run's orders are added to a table ({@link Append}), or only a table's rows matching a
 * predicate are replaced ({@link ReplaceWhere}, for re-running one day). Each is one commit.
 */
public sealed interface WriteMode {
  Create CREATE = new Create();
  Overwrite OVERWRITE = new Overwrite();
  Append APPEND = new Append();

  /** A new output: anything at the path stops the run. */
  record Create() implements WriteMode {}

  /** The output's content replaced whole. */
  record Overwrite() implements WriteMode {}

  /** The run's orders added to a table (made when there is none). */
  record Append() implements WriteMode {}

  /**
   * A table's rows matching {@code predicate} (Spark SQL over the output's columns, e.g. {@code order_date =
   * '2026-12-03'}) replaced by the run's orders, every one of which must match it.
   */
  record ReplaceWhere(String predicate) implements WriteMode {
    public ReplaceWhere {
      if (predicate == null || predicate.isBlank()) throw new IllegalArgumentException("an empty predicate");
    }
  }

  /** Whether something already at the output may be changed. */
  default boolean changesExisting() {
    return !(this instanceof Create);
  }
}
