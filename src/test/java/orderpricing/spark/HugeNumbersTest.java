package orderpricing.spark;

import static orderpricing.spark.TestData.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Numbers far beyond what an order may carry are invalid orders in every format: rejected, and the run goes on. */
@ExtendWith(SharedSpark.class)
class HugeNumbersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  private List<String> rejectReasons(JobResult r) throws Exception {
    List<String> reasons = new ArrayList<>();
    for (String line : TestData.lines(Path.of(r.rejects()))) {
      JsonNode n = JSON.readTree(line);
      reasons.add(n.get("position").asLong() + " " + n.get("reason").asText());
    }
    return reasons;
  }

  private static List<String> pricedIds(Path out) {
    return TestData.readInOrder(SharedSpark.spark(), out, "parquet").stream().map(x -> x.getString(0)).toList();
  }

  @Test
  void aHugeTotalInJsonLinesIsARejectNotAFailedRun() throws Exception {
    Path in = write(tmp.resolve("in.jsonl"), "{\"id\":\"A\",\"total\":10}\n{\"id\":\"B\",\"total\":1e999999999,\"discount\":0.1}\n"
        + "{\"id\":\"C\",\"total\":1e99999999999}\n{\"id\":\"D\",\"total\":1e2000000}\n{\"id\":\"E\",\"total\":20}\n");
    JobResult r = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString())).run();
    assertThat(r.priced()).isEqualTo(2);
    assertThat(r.rejected()).isEqualTo(3);
    assertThat(pricedIds(tmp.resolve("out"))).containsExactly("A", "E");
    assertThat(rejectReasons(r)).containsExactly("2 total has more than 20 integer digits", "3 total has more than 20 integer digits",
        "4 total has more than 20 integer digits");
  }

  /** Parquet beside the text inputs: the text files are parsed in tasks, and Parquet doubles and decimals are checked too. */
  @Test
  void everyFormatRejectsHugeNumbersByField() throws Exception {
    Path jsonl = write(tmp.resolve("a.jsonl"), "{\"id\":\"J1\",\"total\":1e999999999}\n{\"id\":\"J2\",\"total\":3,\"discount\":1e-999999999}\n");
    Path array = write(tmp.resolve("b.json"), "[{\"id\":\"A1\",\"total\":" + "9".repeat(100_000) + "}, {\"id\":\"A2\",\"total\":4}]");
    Path csv = write(tmp.resolve("c.csv"), "id,total,discount\nC1,1e999999999,\nC2,5,0.1\n");
    StructType doubles = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.DoubleType).add("discount", DataTypes.DoubleType);
    Path d = TestData.parquet(SharedSpark.spark(), tmp.resolve("d.parquet"), doubles, List.of(
        RowFactory.create("D1", Double.MAX_VALUE, null), RowFactory.create("D2", 6.0, Double.MIN_VALUE), RowFactory.create("D3", 7.0, 0.5)), 1 << 20);
    StructType wide = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(38, 0));
    Path w = TestData.parquet(SharedSpark.spark(), tmp.resolve("e.parquet"), wide, List.of(
        RowFactory.create("W1", new BigDecimal("1234567890123456789012345")), RowFactory.create("W2", new BigDecimal("8"))), 1 << 20);
    JobResult r = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(
        List.of(jsonl.toString(), array.toString(), csv.toString(), d.toString(), w.toString()), tmp.resolve("out").toString())).run();
    assertThat(pricedIds(tmp.resolve("out"))).containsExactly("A2", "C2", "D3", "W2");
    assertThat(rejectReasons(r)).containsExactly(
        "1 total has more than 20 integer digits", "2 discount has more than 18 decimal places",
        "1 total has more than 20 integer digits",
        "1 total has more than 20 integer digits",
        "1 total has more than 20 integer digits", "2 discount has more than 18 decimal places",
        "1 total has more than 20 integer digits");
    assertThat(r.inputRecords()).isEqualTo(r.priced() + r.rejected()).isEqualTo(11);
  }
}
