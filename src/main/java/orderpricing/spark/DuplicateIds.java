package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.xxhash64;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.api.java.function.ReduceFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Counts records whose id already appeared earlier in the input: ids minus distinct ids.
 *
 * <p>Each task turns its ids into 64-bit hashes and packs them, bucket by bucket, into a few binary blocks; the
 * blocks of a bucket meet in one task, which sorts the bucket's hashes so equal ones sit side by side. That shuffles
 * 8 bytes an id in a handful of rows, instead of a row (or a hash-map entry) per id. When no two hashes are equal,
 * no two ids are, and the count is exactly 0; only when some hash repeats (a duplicate, or very rarely a collision)
 * are the ids themselves counted.
 */
final class DuplicateIds {
  private static final int BUCKETS = 16;
  private static final StructType BLOCKS = new StructType()
      .add("bucket", DataTypes.IntegerType, false)
      .add("hashes", DataTypes.BinaryType, false);

  private DuplicateIds() {}

  static long of(Dataset<Row> staged) {
    long repeatedHashes = staged.where(col("id").isNotNull()).select(xxhash64(col("id")))
        .mapPartitions(new PackByBucket(), Encoders.row(BLOCKS))
        .repartition(BUCKETS, col("bucket"))
        .mapPartitions(new RepeatsInBuckets(), Encoders.LONG())
        .reduce((ReduceFunction<Long>) Long::sum);
    return repeatedHashes == 0 ? 0 : exact(staged);
  }

  private static long exact(Dataset<Row> staged) {
    Row r = staged.select(col("id")).agg(count(col("id")), count_distinct(col("id"))).first();
    return r.getLong(0) - r.getLong(1);
  }

  /** A task's hashes, one binary block per bucket. */
  private static final class PackByBucket implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      Longs[] buckets = new Longs[BUCKETS];
      for (int b = 0; b < BUCKETS; b++) buckets[b] = new Longs();
      while (rows.hasNext()) {
        long h = rows.next().getLong(0);
        buckets[Math.floorMod(h, BUCKETS)].add(h);
      }
      List<Row> blocks = new ArrayList<>();
      for (int b = 0; b < BUCKETS; b++) {
        if (buckets[b].size == 0) continue;
        ByteBuffer bytes = ByteBuffer.allocate(buckets[b].size * Long.BYTES);
        bytes.asLongBuffer().put(buckets[b].values, 0, buckets[b].size);
        blocks.add(RowFactory.create(b, bytes.array()));
      }
      return blocks.iterator();
    }
  }

  /** Sorts each bucket's hashes and counts those equal to the one before. */
  private static final class RepeatsInBuckets implements MapPartitionsFunction<Row, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Long> call(Iterator<Row> blocks) {
      Map<Integer, Longs> buckets = new HashMap<>();
      while (blocks.hasNext()) {
        Row block = blocks.next();
        byte[] bytes = block.getAs(1);
        buckets.computeIfAbsent(block.getInt(0), b -> new Longs()).addAll(ByteBuffer.wrap(bytes));
      }
      long repeats = 0;
      for (Longs bucket : buckets.values()) {
        long[] h = bucket.values;
        Arrays.sort(h, 0, bucket.size);
        for (int i = 1; i < bucket.size; i++) if (h[i] == h[i - 1]) repeats++;
      }
      return List.of(repeats).iterator();
    }
  }

  /** A growable array of primitive longs. */
  private static final class Longs {
    long[] values = new long[256];
    int size;

    void add(long v) {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = v;
    }

    void addAll(ByteBuffer bytes) {
      int n = bytes.remaining() / Long.BYTES;
      if (size + n > values.length) values = Arrays.copyOf(values, Math.max(size + n, values.length * 2));
      bytes.asLongBuffer().get(values, size, n);
      size += n;
    }
  }
}
