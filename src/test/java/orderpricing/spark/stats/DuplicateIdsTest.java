package orderpricing.spark.stats;

import orderpricing.spark.SharedSpark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedSpark.class)
class DuplicateIdsTest {
  private static Dataset<Row> ids(List<String> ids, int partitions) {
    List<Row> rows = new ArrayList<>();
    for (String id : ids) rows.add(RowFactory.create(id));
    return SharedSpark.spark().createDataFrame(rows, new StructType().add("id", DataTypes.StringType)).repartition(partitions);
  }

  @Test
  void distinctIdsHaveNoDuplicates() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) ids.add("ORD-" + i);
    ids.add(null);
    ids.add(null); // null ids are not ids: never duplicates
    assertThat(DuplicateIds.of(ids(ids, 5))).isZero();
  }

  @Test
  void eachRepeatOfAnIdIsCounted() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) ids.add("ORD-" + i);
    ids.add("ORD-7");      // one repeat
    ids.add("ORD-19999");
    ids.add("ORD-19999");  // two more
    ids.add("");
    ids.add("");           // empty ids are ids too
    assertThat(DuplicateIds.of(ids(ids, 4))).isEqualTo(4);
  }

  /** Small limits, so buckets arrive in many blocks and repeated hashes are too many to bring to the driver. */
  @Test
  void theLimitsOfTheHashPassKeepTheCountExact() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) ids.add("ORD-" + i);
    for (int i = 0; i < 30_000; i += 3) ids.add("ORD-" + i);   // 10,000 repeats
    for (int i = 0; i < 30; i++) ids.add("ORD-42");            // 30 more of one id
    ids.add(null);
    Dataset<Row> rows = ids(ids, 3);
    assertThat(DuplicateIds.of(rows, 1_000, 100_000)).as("repeated hashes brought to the driver").isEqualTo(10_030);
    assertThat(DuplicateIds.of(rows, 1_000, 50)).as("too many repeated hashes: all ids counted").isEqualTo(10_030);
    assertThat(DuplicateIds.of(rows, 7, 100_000)).as("tiny blocks").isEqualTo(10_030);
  }

  /** The pricing's readers report each partition's id hashes sorted; the count merges them. */
  @Test
  void sortedHashBlocksGiveTheSameCountWithoutASecondScan() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) ids.add("ORD-" + i);
    for (int i = 0; i < 30_000; i += 3) ids.add("ORD-" + i);   // 10,000 repeats, in other blocks than the first
    for (int i = 0; i < 30; i++) ids.add("ORD-42");            // 30 more of one id
    ids.add(null);
    List<long[]> blocks = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += 7_001) {
      long[] block = ids.subList(from, Math.min(ids.size(), from + 7_001)).stream().filter(java.util.Objects::nonNull)
          .mapToLong(id -> orderpricing.spark.internal.SparkHash.xxhash64(org.apache.spark.unsafe.types.UTF8String.fromString(id)))
          .sorted().toArray();
      blocks.add(block);
    }
    blocks.add(new long[0]); // a partition with no ids
    assertThat(DuplicateIds.of(blocks, ids(ids, 3))).isEqualTo(10_030);

    List<Long> repeated = new ArrayList<>();
    assertThat(DuplicateIds.mergeRepeats(blocks, repeated, 100_000)).isEqualTo(10_030);
    assertThat(repeated).as("each repeated hash once").hasSize(10_000).doesNotHaveDuplicates();
    List<Long> few = new ArrayList<>();
    assertThat(DuplicateIds.mergeRepeats(blocks, few, 50)).isEqualTo(10_030);
    assertThat(few).as("one more than kept: too many").hasSize(51);

    List<long[]> distinct = List.of(new long[] {1, 5, 9}, new long[] {2, 6}, new long[] {3, 4, 10});
    assertThat(DuplicateIds.of(distinct, ids(List.of("not read"), 1))).as("no repeat: no Spark job needed").isZero();
  }
}
