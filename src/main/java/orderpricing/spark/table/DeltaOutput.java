package orderpricing.spark.table;

import io.delta.exceptions.DeltaConcurrentModificationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import orderpricing.errors.OutputExistsException;
import orderpricing.errors.TableException;
import orderpricing.errors.UsageException;
import orderpricing.spark.WriteMode;
import orderpricing.spark.fs.HadoopPaths;
import orderpricing.spark.internal.DeltaSnapshot;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table as a run's output. Each write is one commit: Delta writes the data files where no reader looks for
 * them, then makes them the table's next version by creating one small log file, put-if-absent; a reader sees the
 * table before that file or after it, never between. The priced columns are stored as exact decimals
 * ({@link TableColumns}).
 */
public final class DeltaOutput {
  /** The session settings Delta's writes and readers need; a session is made with them, never changed to have them. */
  public static final Map<String, String> SESSION = Map.of(
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");

  private final SparkSession spark;
  private final String path;
  private final WriteMode mode;
  private final List<String> partitionBy;
  /** The table as this run found it; empty when there is no table yet. */
  private final Optional<DeltaSnapshot> existing;

  private DeltaOutput(SparkSession spark, String path, WriteMode mode, List<String> partitionBy, Optional<DeltaSnapshot> existing) {
    this.spark = spark;
    this.path = path;
    this.mode = mode;
    this.partitionBy = partitionBy;
    this.existing = existing;
  }

  /**
   * The table at {@code path}, checked before any input is read: a run that creates one finds nothing there, one that
   * appends or replaces finds a Delta table or nothing (appending makes the table), and never a directory of files.
   */
  public static DeltaOutput open(SparkSession spark, String path, WriteMode mode, List<String> partitionBy) {
    requireSession(spark);
    boolean exists = exists(spark, path);
    Optional<DeltaSnapshot> found = exists ? DeltaSnapshot.of(spark, qualified(spark, path)) : Optional.empty();
    boolean table = found.isPresent();
    if (exists && !table && !mode.changesExisting()) throw new OutputExistsException(path);
    if (exists && !table) {
      throw new TableException(path, path + " is not a Delta table (it has no _delta_log); a directory output is written without --output-format delta");
    }
    if (table && !mode.changesExisting()) throw new OutputExistsException(path);
    if (!table && mode instanceof WriteMode.ReplaceWhere) throw new TableException(path, path + " holds no Delta table whose rows could be replaced");
    found.ifPresent(e -> requireSamePartitions(path, mode, partitionBy, e.partitionColumns()));
    DeltaOutput output = new DeltaOutput(spark, path, mode, partitionBy, found);
    // Against the table's columns before any input is read; against the run's own once they are known (fitted).
    if (mode instanceof WriteMode.ReplaceWhere r) output.requireColumnsOf(r.predicate(), found.orElseThrow().schema());
    return output;
  }

  /** A directory output never replaces a table: its versions would be lost to every reader of it. */
  public static void requireNoTable(String path, org.apache.hadoop.conf.Configuration conf) {
    try {
      Path p = HadoopPaths.asGiven(path);
      if (p.getFileSystem(conf).exists(new Path(p, "_delta_log"))) {
        throw new TableException(path, path + " is a Delta table; write to it with --output-format delta");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  public String path() {
    return path;
  }

  /** The table's qualified location ({@code file:/…}, {@code hdfs://…}). */
  public String location() {
    return qualified(spark, path);
  }

  /** Whether the table had committed a write with this application id (a run id) when the run began. */
  public boolean committed(String appId) {
    return transactions().containsKey(appId);
  }

  /** The committed application ids, for the file ledger: a ledger entry counts only once its run committed. */
  Map<String, Long> transactions() {
    return existing.map(DeltaSnapshot::transactions).orElse(Map.of());
  }

  /**
   * The run's rows as the table stores them: its decimal types when there is a table (a run whose values it cannot
   * hold exactly stops here), else types wide enough for the days to come; checked against a replace predicate.
   */
  public Dataset<Row> fitted(Dataset<Row> rows, int currencyScale) {
    Dataset<Row> fitted = existing.map(e -> TableColumns.fit(rows, e.schema(), path))
        .orElseGet(() -> TableColumns.widen(rows, currencyScale));
    if (mode instanceof WriteMode.ReplaceWhere r) requireColumnsOf(r.predicate(), fitted.schema());
    return fitted;
  }

  /**
   * What a write did: committed (at a version, when the table's recent history shows it), or skipped because Delta
   * found its key committed already, by another attempt of the same run racing this one.
   */
  public record Commit(boolean skipped, java.util.OptionalLong version) {}

  /** Writes and commits the rows in one Delta commit, with the run's idempotency key when it has one. */
  public Commit write(Dataset<Row> rows, Optional<RunKey> key, String userMetadata) {
    DataFrameWriter<Row> writer = rows.write().format("delta").option("userMetadata", userMetadata);
    if (mode instanceof WriteMode.ReplaceWhere r) writer = writer.mode("overwrite").option("replaceWhere", r.predicate());
    else if (mode instanceof WriteMode.Overwrite) writer = writer.mode("overwrite");
    else if (mode instanceof WriteMode.Append) writer = writer.mode("append");
    else writer = writer.mode("errorifexists");
    if (!partitionBy.isEmpty()) writer = writer.partitionBy(partitionBy.toArray(String[]::new));
    if (key.isPresent()) writer = writer.option("txnAppId", key.get().appId()).option("txnVersion", RunKey.TXN_VERSION);
    try {
      writer.save(location());
    } catch (DeltaConcurrentModificationException e) {
      throw new TableException(path, "another writer changed " + path + " while this run wrote to it (" + firstLine(e)
          + "); nothing of this run is committed: run it again", e);
    } catch (Exception e) { // Spark's AnalysisException is thrown unchecked from Java
      if (e instanceof AnalysisException || String.valueOf(e.getMessage()).contains("DELTA_REPLACE_WHERE_MISMATCH")) throw tableRefused(e);
      throw e;
    }
    Optional<Long> version = committedVersion(userMetadata);
    // Only a write with a key can be skipped; one without that returned has committed, whatever the history shows.
    if (version.isEmpty() && key.isPresent()) return new Commit(true, java.util.OptionalLong.empty());
    return new Commit(false, version.map(java.util.OptionalLong::of).orElse(java.util.OptionalLong.empty()));
  }

  /** Delta's own one-line reason: a replace predicate the run's orders do not all match, a schema it refuses. */
  private TableException tableRefused(Exception e) {
    return new TableException(path, path + ": " + firstLine(e) + "; nothing of this run is committed", e);
  }

  /**
   * The version whose commit carries this run's metadata: Delta skips a write whose key was committed meanwhile.
   * Read from the newest commit files back (Delta's protocol: one JSON action a line, the commit's {@code commitInfo}
   * among them), a few small reads and no Spark job; a run's own commit is almost always the newest.
   */
  private Optional<Long> committedVersion(String userMetadata) {
    Path log = new Path(location(), "_delta_log");
    try {
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      long latest = DeltaSnapshot.latestVersion(spark, location());
      for (long v = latest; v >= 0 && v > latest - HISTORY_LOOKBACK; v--) {
        if (userMetadata.equals(commitUserMetadata(fs, new Path(log, String.format("%020d.json", v))))) {
          return Optional.of(v);
        }
      }
      return Optional.empty();
    } catch (FileNotFoundException e) {
      return Optional.empty(); // an old commit file cleaned up: not this run's
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + path + ": " + e.getMessage(), e);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The {@code userMetadata} of one commit file's {@code commitInfo} action, or null. */
  private static String commitUserMetadata(FileSystem fs, Path commit) throws IOException {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(commit), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.startsWith("{\"commitInfo\"")) continue;
        JsonNode metadata = JSON.readTree(line).path("commitInfo").path("userMetadata");
        return metadata.isTextual() ? metadata.asText() : null;
      }
    }
    return null;
  }

  /**
   * Commits made by other writers since this run's: more than this many in the moment after it, and its own is not
   * found (a keyed write then counts as skipped: its key is committed either way, by it or by another attempt).
   */
  private static final int HISTORY_LOOKBACK = 100;

  private void requireColumnsOf(String predicate, StructType schema) {
    try {
      spark.createDataFrame(List.of(), schema).where(predicate).queryExecution().assertAnalyzed();
    } catch (Exception e) { // Spark's AnalysisException is thrown unchecked from Java
      String problem = e instanceof AnalysisException a && a.getErrorClass() != null && a.getErrorClass().startsWith("UNRESOLVED_COLUMN")
          ? "it names a column the output does not have (" + String.join(", ", schema.fieldNames()) + ")"
          : firstLine(e);
      throw new UsageException(predicate, "replace-where '" + predicate + "': " + problem);
    }
  }

  private static void requireSamePartitions(String path, WriteMode mode, List<String> asked, List<String> found) {
    boolean replacing = mode instanceof WriteMode.Overwrite;
    if (replacing || asked.equals(found)) return;
    if (asked.isEmpty() && !(mode instanceof WriteMode.Create)) return; // the table's own partitioning
    throw new TableException(path, path + " is partitioned by " + (found.isEmpty() ? "nothing" : String.join(",", found))
        + ", not " + (asked.isEmpty() ? "nothing" : String.join(",", asked)) + "; only --overwrite changes a table's partitioning");
  }

  /** Delta refuses to work on a session made without its extension and catalog: said in one line, before any work. */
  static void requireSession(SparkSession spark) {
    for (Map.Entry<String, String> s : SESSION.entrySet()) {
      String value = spark.conf().get(s.getKey(), "");
      if (!Arrays.asList(value.split(",")).contains(s.getValue())) {
        throw new TableException(s.getKey(), "a Delta output needs a session made with " + s.getKey() + "=" + s.getValue()
            + " (scripts/price sets it; with spark-submit, pass it with --conf)");
      }
    }
  }

  private static boolean exists(SparkSession spark, String path) {
    try {
      Path p = HadoopPaths.asGiven(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  static String qualified(SparkSession spark, String path) {
    try {
      Path p = HadoopPaths.asGiven(path);
      return p.getFileSystem(spark.sparkContext().hadoopConfiguration()).makeQualified(p).toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  static String firstLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.strip().lines().findFirst().orElse(m);
  }
}
