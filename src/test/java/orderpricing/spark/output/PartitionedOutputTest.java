package orderpricing.spark.output;

import orderpricing.pricing.Pricing;
import orderpricing.read.DataFormat;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Partitioned output of every format reads back as the same run's flat output does: each partition directory holds
 * the flat output's rows of its value, in the same order and byte for byte but for the partition column, which only
 * the directory name holds, escaped as Hive escapes it; null and empty values share Hive's default partition. JSON at
 * scale 8 is written as text lines ({@link JsonLines}); Spark's own JSON writer (scale 2) is in {@link PartitionOrderTest}.
 */
@ExtendWith(SharedSpark.class)
class PartitionedOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REGIONS = java.util.Arrays.asList("EU", "a/b%c=d", "", null, "x y");
  /** The directory of each value: Hive's escapes for "/", "%" and "="; null and "" share the default partition. */
  private static final Map<String, String> DIRECTORIES = Map.of(
      "EU", "region=EU", "a/b%c=d", "region=a%2Fb%25c%3Dd", "", "region=__HIVE_DEFAULT_PARTITION__",
      "x y", "region=x y");

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} at scale {1}")
  @CsvSource({"PARQUET, 2", "CSV, 8", "JSON, 8"})
  void eachPartitionHoldsTheFlatOutputsRowsOfItsValueInOrder(DataFormat format, int scale) throws Exception {
    Path flat = tmp.resolve("flat"), parts = tmp.resolve("parts");
    run(flat, format, scale, List.of());
    run(parts, format, scale, List.of("region"));

    try (Stream<Path> dirs = Files.list(parts)) {
      assertThat(dirs.map(d -> d.getFileName().toString()).filter(n -> !n.startsWith("_")))
          .containsExactlyInAnyOrderElementsOf(new java.util.HashSet<>(DIRECTORIES.values()));
    }
    List<Map<String, String>> all = records(flat, format);
    for (String dir : new java.util.TreeSet<>(DIRECTORIES.values())) {
      List<Map<String, String>> expected = new ArrayList<>();
      for (Map<String, String> r : all) {
        if (dir.equals(DIRECTORIES.get(Objects.requireNonNullElse(r.get("region"), "")))) {
          Map<String, String> without = new LinkedHashMap<>(r);
          without.remove("region");
          expected.add(without);
        }
      }
      assertThat(records(parts.resolve(dir), format)).as(dir).isNotEmpty().isEqualTo(expected);
    }
    assertThat(SharedSpark.spark().read().format(format.name().toLowerCase()).load(parts.toString())
        .select("region").distinct().collectAsList().stream().map(r -> String.valueOf(r.get(0))))
        .as("Spark's reader gives the values back from the directory names")
        .containsExactlyInAnyOrder("EU", "a/b%c=d", "null", "x y");
  }

  private void run(Path out, DataFormat format, int scale, List<String> partitionBy) {
    JobSpec spec = JobSpec.builder(List.of(input().toString()), out.toString()).outputFormat(format)
        .keepColumns(List.of("region")).partitionBy(partitionBy)
        .pricing(new Pricing(new BigDecimal("0.1"), scale, RoundingMode.HALF_UP)).build();
    assertThat(OrderPricing.get(SharedSpark.spark()).job(spec).run().priced()).isEqualTo(40);
  }

  /** Hostile ids, decimals that Java would print with an exponent, and every region in turn. */
  private Path input() {
    Path file = tmp.resolve("orders.jsonl");
    if (Files.exists(file)) return file;
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      String region = REGIONS.get(i % REGIONS.size());
      s.append("{\"id\":\"q\\\"uote,").append(i).append("\\n\",\"total\":").append(i % 3 == 0 ? "0.00000001" : i + ".5")
          .append(",\"discount\":").append(i % 4 == 0 ? "0.0000000" : "0.05")
          .append(region == null ? "" : ",\"region\":\"" + region + "\"").append("}\n");
    }
    return TestData.write(file, s.toString());
  }

  /** A directory's records in part-file name order, each as its columns' text as written (Parquet: as read). */
  private static List<Map<String, String>> records(Path dir, DataFormat format) throws Exception {
    List<Map<String, String>> records = new ArrayList<>();
    for (Path part : TestData.parts(dir)) {
      switch (format) {
        case JSON -> {
          for (String line : Files.readAllLines(part)) records.add(jsonMembers(line));
        }
        case CSV -> {
          try (Reader in = Files.newBufferedReader(part)) {
            for (CSVRecord r : CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
              records.add(new LinkedHashMap<>(r.toMap()));
            }
          }
        }
        case PARQUET -> {
          for (Row r : SharedSpark.spark().read().parquet(part.toString()).collectAsList()) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String c : r.schema().fieldNames()) m.put(c, r.get(r.fieldIndex(c)) == null ? null : r.get(r.fieldIndex(c)).toString());
            records.add(m);
          }
        }
      }
    }
    return records;
  }

  /** A JSON line's members with their values' text as written: a number's exact digits, a string's value. */
  private static Map<String, String> jsonMembers(String line) throws Exception {
    assertThat(line).doesNotContainPattern("\\d[eE][-+]?\\d");
    Map<String, String> m = new LinkedHashMap<>();
    var fields = JSON.readTree(line).fields();
    while (fields.hasNext()) {
      var f = fields.next();
      m.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString());
    }
    return m;
  }
}
