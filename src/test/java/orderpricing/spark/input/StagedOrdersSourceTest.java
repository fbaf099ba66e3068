package orderpricing.spark.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import java.nio.file.Path;
import java.util.List;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plan reaches Spark through a key that {@code load} drops before it returns; that works only because Spark
 * resolves the table inside {@code load()}. Should an upgrade resolve it later, every query below fails, naming the key.
 */
@ExtendWith(SharedSpark.class)
class StagedOrdersSourceTest {
  @TempDir Path tmp;

  @Test
  void queriesBuiltAfterTheHandOffReadThePlanAndNoPlanIsLeftBehind() {
    Path in = TestData.write(tmp.resolve("o.jsonl"), "{\"id\":\"A\",\"total\":1}\n{\"id\":\"B\",\"total\":\"x\"}\n{\"id\":\"C\",\"total\":3}\n");
    InputPlan plan = InputPlan.of(SharedSpark.spark(), InputFiles.resolve(List.of(in.toString()), null,
        SharedSpark.spark().sparkContext().hadoopConfiguration()), List.of());
    int before = StagedOrdersSource.plansInHandOff();
    Dataset<Row> staged = StagedOrdersSource.load(SharedSpark.spark(), plan);
    assertThat(StagedOrdersSource.plansInHandOff()).as("the key is dropped when load returns").isEqualTo(before);

    assertThat(staged.count()).isEqualTo(3);
    assertThat(staged.filter(col("problem").isNull()).select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .containsExactly("A", "C");
    assertThat(staged.filter(col("problem").isNotNull()).select("position").first().getLong(0)).isEqualTo(2);
  }
}
