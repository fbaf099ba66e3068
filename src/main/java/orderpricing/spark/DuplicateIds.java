package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * Counts records whose id already appeared earlier in the input: ids minus distinct ids. The ids' 64-bit hashes are
 * shuffled by value and sorted within each partition, where equal hashes sit side by side: 8 bytes a record and a
 * primitive sort, instead of a hash aggregation over the ids. When no two hashes are equal, no two ids are, and the
 * count is exactly 0; only when some hash repeats (a duplicate, or very rarely a collision) are the ids themselves
 * counted.
 */
final class DuplicateIds {
  private DuplicateIds() {}

  static long of(Dataset<Row> staged) {
    Dataset<Long> hashes = staged.where(col("id").isNotNull()).select(xxhash64(col("id")).as("h")).as(Encoders.LONG());
    long repeatedHashes = hashes.repartition(col("h")).mapPartitions(new RepeatsInPartition(), Encoders.LONG())
        .reduce((org.apache.spark.api.java.function.ReduceFunction<Long>) Long::sum);
    return repeatedHashes == 0 ? 0 : exact(staged);
  }

  private static long exact(Dataset<Row> staged) {
    Row r = staged.select(col("id")).agg(count(col("id")), count_distinct(col("id"))).first();
    return r.getLong(0) - r.getLong(1);
  }

  /** Sorts a partition's hashes and counts those equal to the one before. */
  private static final class RepeatsInPartition implements MapPartitionsFunction<Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<Long> input) {
      long[] h = new long[1024];
      int n = 0;
      while (input.hasNext()) {
        if (n == h.length) h = Arrays.copyOf(h, n * 2);
        h[n++] = input.next();
      }
      Arrays.sort(h, 0, n);
      long repeats = 0;
      for (int i = 1; i < n; i++) if (h[i] == h[i - 1]) repeats++;
      return List.of(repeats).iterator();
    }
  }
}
