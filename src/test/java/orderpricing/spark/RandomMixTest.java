package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property: for any mix of valid and invalid orders spread over several files of every format, every record is priced
 * or rejected, the counts reconcile, and both the prices and the rejects come out in input order. Each seed draws
 * thousands of records over four files.
 */
@ExtendWith(SharedSpark.class)
class RandomMixTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  /** What the generator knows about each record it wrote. */
  record Expect(int source, long position, String id, boolean valid) {}

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void everyRecordIsPricedOrRejectedInOrder(long seed) throws Exception {
    Random random = new Random(seed);
    List<Expect> expected = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    String[] formats = {"jsonl", "json", "csv", "parquet"};
    for (int f = 0; f < 4; f++) {
      String format = formats[random.nextInt(formats.length)];
      int n = 200 + random.nextInt(1500);
      Path file = tmp.resolve("in-" + f + "." + format);
      switch (format) {
        case "jsonl" -> jsonLines(random, f, n, file, expected);
        case "json" -> jsonArray(random, f, n, file, expected);
        case "csv" -> csv(random, f, n, file, expected);
        default -> parquet(random, f, n, file, expected);
      }
      inputs.add(file.toString());
    }
    JobResult r = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(inputs, tmp.resolve("out").toString())).run();

    List<Expect> valid = expected.stream().filter(Expect::valid).toList();
    List<Expect> invalid = expected.stream().filter(e -> !e.valid()).toList();
    assertThat(r.inputRecords()).isEqualTo(expected.size()).isEqualTo(r.priced() + r.rejected());
    assertThat(r.priced()).isEqualTo(valid.size());
    List<String> ids = new ArrayList<>();
    for (Row row : TestData.readInOrder(SharedSpark.spark(), tmp.resolve("out"), "parquet")) ids.add(row.getString(0));
    assertThat(ids).containsExactlyElementsOf(valid.stream().map(Expect::id).toList());
    List<String> rejects = new ArrayList<>();
    for (String line : TestData.lines(tmp.resolve("out/_rejects"))) {
      JsonNode j = JSON.readTree(line);
      rejects.add(j.get("source").asText() + "#" + j.get("position").asLong());
    }
    assertThat(rejects).containsExactlyElementsOf(invalid.stream().map(e -> inputs.get(e.source()) + "#" + e.position()).toList());
  }

  private static String id(int file, int i) {
    return "F" + file + "-" + i;
  }

  private static void jsonLines(Random random, int f, int n, Path file, List<Expect> out) {
    StringBuilder text = new StringBuilder();
    long line = 0;
    for (int i = 0; i < n; i++) {
      line++;
      String id = id(f, i);
      int kind = random.nextInt(10);
      if (kind == 9 && random.nextBoolean()) { // a blank line: neither priced nor rejected, but it counts as a line
        text.append("\n");
        i--;
        continue;
      }
      switch (kind) {
        case 0 -> text.append("{\"id\":\"").append(id).append("\"}");
        case 1 -> text.append("{\"id\":\"").append(id).append("\",\"total\":\"1.00\"}");
        case 2 -> text.append("{\"id\":\"").append(id).append("\",\"total\":-").append(1 + random.nextInt(100)).append("}");
        case 3 -> text.append("{\"id\":\"").append(id).append("\",\"total\":1,");
        default -> text.append("{\"id\":\"").append(id).append("\",\"total\":").append(random.nextInt(100000) / 100.0)
            .append(",\"discount\":0.").append(random.nextInt(10)).append("}");
      }
      text.append("\n");
      out.add(new Expect(f, line, id, kind > 3));
    }
    TestData.write(file, text.toString());
  }

  private static void jsonArray(Random random, int f, int n, Path file, List<Expect> out) {
    StringBuilder text = new StringBuilder("[\n");
    for (int i = 0; i < n; i++) {
      String id = id(f, i);
      int kind = random.nextInt(10);
      if (i > 0) text.append(",\n");
      switch (kind) {
        case 0 -> text.append("{\"id\":\"").append(id).append("\",\"total\":null}");
        case 1 -> text.append("{\"id\":\"").append(id).append("\",\"total\":5,\"discount\":2}");
        case 2 -> text.append("42");
        default -> text.append("{\"id\":\"").append(id).append("\",\"total\":").append(random.nextInt(1000000)).append("e-2}");
      }
      out.add(new Expect(f, i + 1, id, kind > 2));
    }
    TestData.write(file, text.append("\n]\n").toString());
  }

  private static void csv(Random random, int f, int n, Path file, List<Expect> out) {
    StringBuilder text = new StringBuilder("discount,id,total\n");
    for (int i = 0; i < n; i++) {
      String id = id(f, i);
      int kind = random.nextInt(10);
      switch (kind) {
        case 0 -> text.append("0.1,").append(id).append('\n');
        case 1 -> text.append("0.1,").append(id).append(",12,34\n");
        case 2 -> text.append(",").append(id).append(",twelve\n");
        case 3 -> text.append("0.1,,5\n");
        default -> text.append(random.nextBoolean() ? "" : "0.25").append(",\"").append(id).append("\",")
            .append(random.nextInt(100000)).append('.').append(random.nextInt(10)).append('\n');
      }
      out.add(new Expect(f, i + 1, id, kind > 3));
    }
    TestData.write(file, text.toString());
  }

  private static void parquet(Random random, int f, int n, Path file, List<Expect> out) {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(12, 2))
        .add("discount", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = id(f, i);
      int kind = random.nextInt(10);
      BigDecimal total = BigDecimal.valueOf(random.nextInt(1000000), 2);
      rows.add(switch (kind) {
        case 0 -> RowFactory.create(id, null, 0.1);
        case 1 -> RowFactory.create(id, total.negate().subtract(BigDecimal.ONE), null);
        case 2 -> RowFactory.create(null, total, null);
        case 3 -> RowFactory.create(id, total, Double.NaN);
        default -> RowFactory.create(id, total, random.nextBoolean() ? null : 0.05);
      });
      out.add(new Expect(f, i + 1, id, kind > 3));
    }
    TestData.parquet(SharedSpark.spark(), file, schema, rows, 4096);
  }
}
