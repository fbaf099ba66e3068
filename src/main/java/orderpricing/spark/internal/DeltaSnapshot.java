package orderpricing.spark.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What a run needs to know of a Delta table, from one read of its log: its version, schema and partition columns,
 * and the idempotent-write versions it has committed by application id (what a write's {@code txnAppId} and
 * {@code txnVersion} options record in the same commit as its data). Delta's public API writes the last but offers
 * no reader, and its {@code DeltaTable.detail()} runs a Spark job for the others; so this reads the table's newest
 * snapshot through {@code DeltaLog}. An upgrade that changes it fails this file's compile and SparkInternalsTest.
 */
public record DeltaSnapshot(long version, StructType schema, List<String> partitionColumns, Map<String, Long> transactions) {

  /** The table's newest version, from a listing of its log (its state is not read); -1 when there is no table. */
  public static long latestVersion(SparkSession spark, String path) {
    return newest(spark, path).version();
  }

  /** The table's newest snapshot; empty when there is no table at {@code path}. */
  public static Optional<DeltaSnapshot> of(SparkSession spark, String path) {
    Snapshot snapshot = newest(spark, path);
    if (snapshot.version() < 0) return Optional.empty();
    Map<String, Long> versions = new HashMap<>();
    snapshot.transactions().foreach(e -> versions.put(e._1(), (Long) e._2()));
    List<String> partitions = List.copyOf(CollectionConverters.asJava(snapshot.metadata().partitionColumns()));
    return Optional.of(new DeltaSnapshot(snapshot.version(), snapshot.schema(), partitions, Map.copyOf(versions)));
  }

  /** The table's log brought up to date: a listing; the state is read only when asked for. */
  private static Snapshot newest(SparkSession spark, String path) {
    return DeltaLog.forTable(spark, path).update(false, Option.empty(), Option.empty());
  }
}
