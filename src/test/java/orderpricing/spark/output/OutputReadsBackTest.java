package orderpricing.spark.output;

import orderpricing.read.DataFormat;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import orderpricing.pricing.Pricing;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * Every text output reads back exactly: hostile ids and kept strings come back byte for byte through the job's own
 * readers, Python's csv module and Spark's readers, and every number is in plain notation with its column's decimals.
 */
@ExtendWith(SharedSpark.class)
class OutputReadsBackTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A plain decimal number: digits, optionally a point and more digits. No exponent. */
  private static final Pattern PLAIN = Pattern.compile("\\d+(\\.\\d+)?");

  private static final List<String> IDS = List.of(
      "q\"uote", "\"", "\"\"", "comma,id", " lead", "trail ", "\ttab", "tab\t", " \t x \t ", "line\nbreak", "cr\ronly",
      "crlf\r\nid", "non-ASCII: café 日本 😀", "\\", "\\\"", "a\\\"b", "\\\\\"", "NULL", "#hash", "plain");
  /** A discount of 1e-8 and of zero at scale 7 and 8: Java writes 1E-8 and 0E-7 for them. */
  private static final List<String> DISCOUNTS = List.of("0.00000001", "0.0000000", "0", "0.5");
  private static final List<String> TOTALS = List.of("100", "0.000000000000000001", "12345.5", "0.01");

  @TempDir Path tmp;
  private List<String> notes;

  @BeforeEach
  void notes() {
    notes = new ArrayList<>();
    for (int i = 0; i < IDS.size(); i++) notes.add(i % 5 == 0 ? "" : IDS.get((i + 7) % IDS.size()));
  }

  private Path input() throws IOException {
    StringBuilder jsonl = new StringBuilder();
    for (int i = 0; i < IDS.size(); i++) {
      jsonl.append("{\"id\":").append(JSON.writeValueAsString(IDS.get(i)))
          .append(",\"total\":").append(TOTALS.get(i % TOTALS.size()))
          .append(",\"discount\":").append(DISCOUNTS.get(i % DISCOUNTS.size()))
          .append(",\"note\":").append(JSON.writeValueAsString(notes.get(i))).append("}\n");
    }
    return TestData.write(tmp.resolve("orders.jsonl"), jsonl.toString());
  }

  private static JobResult run(JobSpec spec) {
    return OrderPricing.get(SharedSpark.spark()).job(spec).run();
  }

  /** Priced at scale 8: money like 0.00000001 too would print as 1E-8. */
  private JobSpec spec(List<String> inputs, Path out, DataFormat format) {
    return JobSpec.builder(inputs, out.toString()).outputFormat(format).keepColumns(List.of("note"))
        .pricing(new Pricing(new BigDecimal("0.1"), 8, RoundingMode.HALF_UP)).build();
  }

  @ParameterizedTest
  @EnumSource(value = DataFormat.class, names = {"CSV", "JSON"}, mode = Mode.INCLUDE)
  void theJobReadsItsOwnOutputBackIdsAndKeptTextByteForByte(DataFormat format) throws IOException {
    Path out = tmp.resolve("out");
    assertThat(run(spec(List.of(input().toString()), out, format)).priced()).isEqualTo(IDS.size());

    Path again = tmp.resolve("again");
    JobResult second = run(spec(List.of(out.toString()), again, DataFormat.PARQUET));
    assertThat(second.rejected()).isZero();
    List<Row> rows = TestData.readInOrder(SharedSpark.spark(), again, "parquet");
    assertThat(rows).extracting(r -> r.getString(r.fieldIndex("id"))).containsExactlyElementsOf(IDS);
    assertThat(rows).extracting(r -> r.getString(r.fieldIndex("note"))).containsExactlyElementsOf(notes);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(rows.get(i).getDecimal(rows.get(i).fieldIndex("total"))).isEqualByComparingTo(TOTALS.get(i % TOTALS.size()));
      assertThat(rows.get(i).getDecimal(rows.get(i).fieldIndex("discount"))).isEqualByComparingTo(DISCOUNTS.get(i % DISCOUNTS.size()));
    }
  }

  @ParameterizedTest
  @EnumSource(value = DataFormat.class, names = {"CSV", "JSON"}, mode = Mode.INCLUDE)
  void sparksOwnReaderReadsTheIdsBack(DataFormat format) throws IOException {
    Path out = tmp.resolve("out");
    run(spec(List.of(input().toString()), out, format));
    List<String> ids = new ArrayList<>();
    for (Path part : TestData.parts(out)) {
      var reader = SharedSpark.spark().read();
      var rows = format == DataFormat.CSV
          ? reader.option("header", "true").option("multiLine", "true").option("escape", "\"").csv(part.toString())
          : reader.option("prefersDecimal", "true").json(part.toString());
      for (Row r : rows.collectAsList()) ids.add(r.getString(r.fieldIndex("id")));
    }
    assertThat(ids).containsExactlyElementsOf(IDS);
  }

  @ParameterizedTest
  @EnumSource(value = DataFormat.class, names = {"CSV", "JSON"}, mode = Mode.INCLUDE)
  void everyNumberIsPlainWithItsColumnsDecimals(DataFormat format) throws Exception {
    Path out = tmp.resolve("out");
    run(spec(List.of(input().toString()), out, format));
    List<List<String>> rows = format == DataFormat.CSV ? pythonCsv(out) : jsonNumbers(out);
    assertThat(rows).hasSize(IDS.size());
    for (List<String> numbers : rows) {
      assertThat(numbers).hasSize(5).allMatch(n -> PLAIN.matcher(n).matches(), "plain numbers");
      assertThat(decimals(numbers.get(0))).as("total").isEqualTo(18);
      assertThat(decimals(numbers.get(1))).as("discount").isEqualTo(8);
      for (String money : numbers.subList(2, 5)) assertThat(decimals(money)).as("money").isEqualTo(8);
    }
    assertThat(rows.get(0)).containsExactly("100.000000000000000000", "0.00000001", "0.00000100", "9.99999990", "109.99999890");
    assertThat(rows.get(1).get(1)).isEqualTo("0.00000000");
  }

  @ParameterizedTest
  @EnumSource(value = DataFormat.class, names = {"CSV", "JSON"}, mode = Mode.INCLUDE)
  void moneyAtTheDefaultScaleHasTwoDecimals(DataFormat format) throws Exception {
    Path out = tmp.resolve("out");
    run(JobSpec.builder(List.of(input().toString()), out.toString()).outputFormat(format).build());
    List<List<String>> rows = format == DataFormat.CSV ? pythonCsv(out) : jsonNumbers(out);
    assertThat(rows.get(0)).containsExactly("100.000000000000000000", "0.00000001", "0.00", "10.00", "110.00");
  }

  @ParameterizedTest
  @EnumSource(value = DataFormat.class, names = {"CSV"}, mode = Mode.INCLUDE)
  void pythonsCsvModuleReadsTheIdsAndKeptTextBack(DataFormat format) throws Exception {
    Path out = tmp.resolve("out");
    run(spec(List.of(input().toString()), out, format));
    List<String> ids = new ArrayList<>(), read = new ArrayList<>();
    for (JsonNode row : python(out)) {
      ids.add(row.get(0).asText());
      read.add(row.get(6).asText());
    }
    assertThat(ids).containsExactlyElementsOf(IDS);
    assertThat(read).containsExactlyElementsOf(notes);
  }

  private static int decimals(String number) {
    int point = number.indexOf('.');
    return point < 0 ? 0 : number.length() - point - 1;
  }

  /** The five numbers of each record, as Python's csv module reads them from the part files in name order. */
  private static List<List<String>> pythonCsv(Path out) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode row : python(out)) {
      List<String> numbers = new ArrayList<>();
      for (int i = 1; i <= 5; i++) numbers.add(row.get(i).asText());
      rows.add(numbers);
    }
    return rows;
  }

  /** Every record of every part file, each file's header row checked and left out, as Python's csv module reads them. */
  private static JsonNode python(Path out) throws Exception {
    try {
      new ProcessBuilder("python3", "--version").start().waitFor();
    } catch (IOException e) {
      Assumptions.abort("python3 is not on this machine: " + e.getMessage());
    }
    List<String> command = new ArrayList<>(List.of("python3", "-c", """
        import csv, json, sys
        rows = []
        for name in sys.argv[1:]:
            with open(name, newline='', encoding='utf-8') as f:
                records = list(csv.reader(f, strict=True))
            assert records[0][:6] == ['id', 'total', 'discount', 'discount_amount', 'tax', 'price'], records[0]
            rows.extend(records[1:])
        print(json.dumps(rows))
        """));
    for (Path part : TestData.parts(out)) command.add(part.toString());
    Process p = new ProcessBuilder(command).start();
    byte[] stdout = p.getInputStream().readAllBytes();
    String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(stderr).isZero();
    return JSON.readTree(stdout);
  }

  /** The text of the five numbers of each JSON line, as written: a parser's tokens keep it. */
  private static List<List<String>> jsonNumbers(Path out) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (String line : TestData.lines(out)) {
      List<String> numbers = new ArrayList<>();
      try (JsonParser parser = JSON.getFactory().createParser(line)) {
        for (JsonToken t; (t = parser.nextToken()) != null; ) {
          if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) numbers.add(parser.getText());
        }
      }
      rows.add(numbers);
    }
    return rows;
  }

  /**
   * Where every decimal is at scale 6 or less, Spark's own JSON writer is plain and is used; the lines it writes are
   * byte for byte those of the decimal-safe writer, hostile ids, kept text and nested values included.
   */
  @org.junit.jupiter.api.Test
  void sparksJsonWriterAndTheDecimalSafeLinesAgreeAtScalesUpToSix() throws IOException {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < IDS.size(); i++) {
      rows.add(org.apache.spark.sql.RowFactory.create(IDS.get(i), new BigDecimal("0.000001").multiply(BigDecimal.valueOf(i)).setScale(6),
          i % 3 == 0 ? null : notes.get(i), org.apache.spark.sql.RowFactory.create(i, IDS.get((i + 3) % IDS.size()))));
    }
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
        .add("id", "string").add("rate", "decimal(7,6)").add("note", "string")
        .add("nested", new org.apache.spark.sql.types.StructType().add("n", "int").add("s", "string"));
    org.apache.spark.sql.Dataset<Row> ds = SharedSpark.spark().createDataFrame(rows, schema).coalesce(1);
    Path spark = tmp.resolve("spark"), lines = tmp.resolve("lines");
    OutputWriter.write(ds, DataFormat.JSON, spark.toString());
    JsonLines.of(ds).write().text(lines.toString());
    assertThat(TestData.lines(spark)).hasSize(IDS.size()).isEqualTo(TestData.lines(lines));
    assertThat(TestData.parts(spark)).allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".json"));
  }
}
