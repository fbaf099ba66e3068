package orderpricing.spark.internal;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import scala.Option;

/**
 * The idempotent-write versions a Delta table has committed, by application id: what a write's {@code txnAppId} and
 * {@code txnVersion} options record in the same commit as its data. Delta's public API writes them but offers no
 * reader, so this reads the table's current snapshot through {@code DeltaLog}; an upgrade that changes it fails
 * this file's compile and SparkInternalsTest.
 */
public final class DeltaTransactions {
  private DeltaTransactions() {}

  /** The latest committed version of each application id, from the table's newest snapshot. */
  public static Map<String, Long> of(SparkSession spark, String table) {
    var snapshot = DeltaLog.forTable(spark, table).update(false, Option.empty(), Option.empty());
    Map<String, Long> versions = new HashMap<>();
    snapshot.transactions().foreach(e -> versions.put(e._1(), (Long) e._2()));
    return versions;
  }
}
