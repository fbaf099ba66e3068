package orderpricing.spark.input;

import static orderpricing.spark.SharedSpark.spark;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parquet statistics prove a file's orders valid only when every fact is recorded; any invalid row spoils the proof. */
@ExtendWith(SharedSpark.class)
class ValidByStatisticsTest {
  private static final StructType ORDERS = new StructType()
      .add("id", DataTypes.StringType)
      .add("total", DataTypes.createDecimalType(12, 2))
      .add("discount", DataTypes.createDecimalType(3, 2));

  @TempDir Path tmp;

  private boolean proven(StructType schema, List<Row> rows) {
    Path file = TestData.parquet(spark(), tmp.resolve("orders-" + System.nanoTime() + ".parquet"), schema, rows, 1 << 20);
    return InputPlan.of(spark(), InputFiles.resolve(List.of(file.toString()), null, spark().sparkContext().hadoopConfiguration()))
        .validByStatistics();
  }

  private static List<Row> valid() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) rows.add(RowFactory.create("ORD-" + i, new BigDecimal(i + ".25"), i % 2 == 0 ? null : new BigDecimal("0.10")));
    rows.add(RowFactory.create("Ω-1", BigDecimal.ZERO.setScale(2), BigDecimal.ONE.setScale(2)));
    return rows;
  }

  @Test
  void validOrdersAreProvenAndSoAreFilesWithoutDiscountsOrWithIntegerIds() {
    assertThat(proven(ORDERS, valid())).isTrue();
    StructType noDiscount = new StructType().add("id", DataTypes.LongType).add("total", DataTypes.IntegerType);
    assertThat(proven(noDiscount, List.of(RowFactory.create(7L, 3), RowFactory.create(-2L, 0)))).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "null", value = {
      "a missing id,             null,   1.00, 0.10",
      "an empty id,              '',     1.00, 0.10",
      "a blank id,               '   ',  1.00, 0.10",
      "an id that starts with a no-break space, ' A', 1.00, 0.10",
      "an ideographic space,     '\u3000', 1.00, 0.10",
      "a missing total,          B,      null, 0.10",
      "a negative total,         B,      -0.01, 0.10",
      "a negative discount,      B,      1.00, -0.01",
      "a discount above 1,       B,      1.00, 1.01",
  })
  void oneSuchRowSpoilsTheProof(String what, String id, String total, String discount) {
    List<Row> rows = valid();
    rows.add(25, RowFactory.create(id, total == null ? null : new BigDecimal(total), discount == null ? null : new BigDecimal(discount)));
    assertThat(proven(ORDERS, rows)).as(what).isFalse();
  }

  @Test
  void floatingPointTotalsAreNotDeclaredAndSoNeverProven() {
    StructType doubles = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.DoubleType);
    assertThat(proven(doubles, List.of(RowFactory.create("A", 1.5)))).isFalse();
  }
}
