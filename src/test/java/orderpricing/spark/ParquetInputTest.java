package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.util.ArrayList;
import java.util.List;
import orderpricing.errors.InputFileException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** How Parquet files' columns are found, and what a rejected Parquet row shows. */
@ExtendWith(SharedSpark.class)
class ParquetInputTest {
  @TempDir Path tmp;

  @Test
  void columnsAreMatchedByExactNameAsInCsvHeaders() {
    StructType upper = new StructType().add("ID", DataTypes.StringType).add("Total", DataTypes.createDecimalType(6, 2));
    Path in = TestData.parquet(SharedSpark.spark(), tmp.resolve("upper.parquet"), upper,
        List.of(RowFactory.create("A-1", new BigDecimal("10.00"))), 1 << 20);
    Path csv = TestData.write(tmp.resolve("upper.csv"), "ID,Total\nA-1,10.00\n");
    for (Path file : List.of(in, csv)) {
      Path out = tmp.resolve("out-" + file.getFileName());
      Throwable thrown = catchThrowable(() -> OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(file.toString()), out.toString())).run());
      Throwable fileError = thrown;
      while (fileError != null && !(fileError instanceof InputFileException)) fileError = fileError.getCause();
      assertThat(fileError).as("the file error, directly or from a task").isNotNull()
          .hasMessageStartingWith(file + ": ").hasMessageContaining("no id column").hasMessageContaining("ID");
      assertThat(out).doesNotExist();
    }
  }

  @Test
  void aRejectedRowShowsEveryColumnOfTheFileInFileOrder() throws Exception {
    StructType schema = new StructType()
        .add("region", DataTypes.StringType)
        .add("id", DataTypes.StringType)
        .add("total", DataTypes.createDecimalType(8, 2))
        .add("day", DataTypes.DateType)
        .add("tags", DataTypes.createArrayType(DataTypes.StringType))
        .add("ship", new StructType().add("city", DataTypes.StringType).add("weight", DataTypes.DoubleType))
        .add("discount", DataTypes.createDecimalType(3, 2));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      rows.add(RowFactory.create("EU", "P-" + i, new BigDecimal(i % 1000 == 7 ? "-1.00" : "10.00"),
          Date.valueOf("2026-12-0" + (1 + i % 3)), List.of("t" + i), RowFactory.create("Oslo", 1.5), new BigDecimal("0.10")));
    }
    Path in = TestData.parquet(SharedSpark.spark(), tmp.resolve("wide.parquet"), schema, rows, 16 * 1024);
    Path out = tmp.resolve("out");
    JobResult r = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(in.toString()), out.toString())).run();
    assertThat(r.rejected()).isEqualTo(3);
    List<String> rejects = TestData.lines(out.resolve("_rejects"));
    ObjectMapper json = new ObjectMapper();
    JsonNode first = json.readTree(rejects.get(0));
    assertThat(first.get("position").asLong()).isEqualTo(8);
    assertThat(first.get("record").asText()).isEqualTo(
        "{\"region\":\"EU\",\"id\":\"P-7\",\"total\":-1.00,\"day\":\"2026-12-02\",\"tags\":[\"t7\"],"
            + "\"ship\":{\"city\":\"Oslo\",\"weight\":1.5},\"discount\":0.10}");
    // The priced rows read only the order's columns and come out as before.
    assertThat(SharedSpark.spark().read().parquet(out.toString()).columns())
        .containsExactly("id", "total", "discount", "discount_amount", "tax", "price");
  }
}
