package orderpricing.spark.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * What names one run in a table: the idempotency key its commit carries (Delta's {@code txnAppId}, at version
 * {@value #TXN_VERSION}), and the name of its own directories (its rejects, its entry in the file ledger). A scheduler's
 * run id when there is one, so a retry of the same run is the same key; else a new one per run.
 */
public record RunKey(String runId, boolean given) {
  static final long TXN_VERSION = 1;
  private static final String APP = "order-pricing:";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** The scheduler's run id. */
  public static RunKey given(String runId) {
    return new RunKey(runId, true);
  }

  /** A key of its own for a run without one: its start time, then a random part. */
  public static RunKey fresh(Instant start) {
    return new RunKey(STAMP.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8), false);
  }

  /** The application id Delta records the commit under. */
  public String appId() {
    return APP + runId;
  }

  /**
   * A file or directory name for the run: the id itself when it is made of letters, digits, '-', '_' and '.' only;
   * else with '_' for the others and a hash of the id after it, so two ids never share a name.
   */
  public String fileName() {
    String name = runId.replaceAll("[^A-Za-z0-9._-]", "_");
    if (!name.equals(runId)) name += "-" + Integer.toHexString(runId.hashCode());
    return name.startsWith(".") || name.startsWith("_") ? "run" + name : name;
  }
}
