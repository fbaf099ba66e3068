package orderpricing.spark.internal;

import org.apache.spark.sql.catalyst.expressions.XXH64;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark's {@code xxhash64} of a string, computed outside a query: a reader that hashes the ids it reads agrees with
 * a query that hashes them with {@code functions.xxhash64}, so the two can be matched. Spark has no public API for
 * it; {@code SparkInternalsTest} pins that both give the same value.
 */
public final class SparkHash {
  /** The seed of Spark's {@code xxhash64} function. */
  private static final long SEED = 42;

  private SparkHash() {}

  public static long xxhash64(UTF8String s) {
    return XXH64.hashUTF8String(s, SEED);
  }
}
