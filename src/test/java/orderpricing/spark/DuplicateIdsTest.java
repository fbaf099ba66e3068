package orderpricing.spark;

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
}
