package orderpricing.rates;

import orderpricing.errors.RatesException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Customer rates from Parquet, CSV and JSON files, read whole and broadcast. */
@ExtendWith(SharedSpark.class)
class RatesFileTest {
  private static final String ORDERS = """
      {"id": "F-1", "total": 100, "customer_id": "C-1"}
      {"id": "F-2", "total": 100, "customer_id": "C-2"}
      {"id": "F-3", "total": 100, "customer_id": "C-3"}
      {"id": "F-4", "total": 100, "discount": 0.5, "customer_id": "C-3"}
      {"id": "F-5", "total": 100, "customer_id": "C-9"}
      """;

  @TempDir Path tmp;

  private List<String> priceWith(String rates) {
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    Path out = tmp.resolve("out-" + Path.of(rates).getFileName());
    JobResult r = OrderPricing.get(SharedSpark.spark())
        .job(JobSpec.builder(List.of(input.toString()), out.toString()).rates(RatesSource.file(rates)).build()).run();
    assertThat(r.rates().orElseThrow().source()).isEqualTo(rates);
    assertThat(r.rates().orElseThrow().lookup()).isEqualTo("broadcast");
    List<String> lines = new ArrayList<>();
    for (Row row : TestData.readInOrder(SharedSpark.spark(), out, "parquet")) {
      lines.add(row.getString(0) + " " + row.getDecimal(2).stripTrailingZeros().toPlainString());
    }
    for (String reject : TestData.lines(Path.of(out.toString(), "_rejects"))) lines.add(reason(reject));
    return lines;
  }

  private static String reason(String reject) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(reject).get("reason").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError(reject, e);
    }
  }

  private static final List<String> EXPECTED = List.of("F-1 0.1", "F-4 0.5",
      "customer C-2 has a rate that is not a number: \"ten\"", "customer C-3 has a rate outside [0, 1]: 2", "customer C-9 has no rate");

  @Test
  void csvWithAHeader() {
    assertThat(priceWith(TestData.write(tmp.resolve("rates.csv"), "rate,customer_id\n0.1,C-1\nten,C-2\n2,C-3\n").toString()))
        .containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void jsonLines() {
    assertThat(priceWith(TestData.write(tmp.resolve("rates.jsonl"), """
        {"customer_id": "C-1", "rate": 0.1}
        {"customer_id": "C-2", "rate": "ten"}
        {"customer_id": "C-3", "rate": 2}
        """).toString())).containsExactlyElementsOf(EXPECTED);
  }

  @Test
  void aParquetDirectoryWithIntegerCustomerIdsAndDoubleRates() {
    StructType schema = new StructType().add("customer_id", DataTypes.LongType).add("rate", DataTypes.DoubleType);
    Path dir = tmp.resolve("rates");
    SharedSpark.spark().createDataFrame(List.of(RowFactory.create(1L, 0.1), RowFactory.create(2L, 0.35), RowFactory.create(3L, Double.NaN)), schema)
        .coalesce(1).write().parquet(dir.toString());
    Path input = TestData.write(tmp.resolve("orders.jsonl"), """
        {"id": "N-1", "total": 100, "customer_id": 1}
        {"id": "N-2", "total": 100, "customer_id": "2"}
        {"id": "N-3", "total": 100, "customer_id": 3}
        """);
    Path out = tmp.resolve("out");
    JobResult r = OrderPricing.get(SharedSpark.spark())
        .job(JobSpec.builder(List.of(input.toString()), out.toString()).rates(RatesSource.file(dir.toString()))
            .ratesLookup(RatesLookup.BROADCAST).build()).run();
    List<Row> rows = TestData.readInOrder(SharedSpark.spark(), out, "parquet");
    assertThat(rows).extracting(row -> row.getString(0) + " " + row.getDecimal(2).stripTrailingZeros().toPlainString())
        .containsExactly("N-1 0.1", "N-2 0.35");
    assertThat(TestData.lines(Path.of(out.toString(), "_rejects"))).singleElement().asString()
        .contains("customer 3 has a rate that is not a number: \\\"NaN\\\"");
    assertThat(r.rates().orElseThrow().customers()).isEqualTo(3);
  }

  @Test
  void aFileWithoutTheColumnsOrWithTwoRowsForACustomerFailsBeforeAnyOutput() {
    Path input = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    Path noRate = TestData.write(tmp.resolve("no-rate.csv"), "customer_id,discount\nC-1,0.1\n");
    Path twice = TestData.write(tmp.resolve("twice.csv"), "customer_id,rate\nC-1,0.1\nC-2,0.2\nC-1,0.1\n");
    Path missing = tmp.resolve("missing.csv");
    Path unknownKind = TestData.write(tmp.resolve("rates.txt"), "x");
    for (String[] c : new String[][] {
        {noRate.toString(), "rates file " + noRate + " has no column rate (columns: customer_id, discount)"},
        {twice.toString(), "rates file " + twice + ": customer C-1 has more than one row, so its rate is ambiguous"},
        {missing.toString(), "cannot read the rates file " + missing + ": "},
        {unknownKind.toString(), "rates file " + unknownKind + ": cannot tell its format from the name rates.txt"}}) {
      Path out = tmp.resolve("out");
      assertThatThrownBy(() -> OrderPricing.get(SharedSpark.spark())
          .job(JobSpec.builder(List.of(input.toString()), out.toString()).rates(RatesSource.file(c[0])).build()).run())
          .isInstanceOf(RatesException.class).hasMessageStartingWith(c[1]);
      assertThat(out).doesNotExist();
    }
    assertThatThrownBy(() -> RatesSource.file(noRate.toString()).open(SharedSpark.spark(), RatesLookup.EXECUTOR))
        .hasMessageContaining("executor lookups need a PostgreSQL table");
    assertThat(BigDecimal.ONE).isPositive();
  }

  /**
   * Many small files read by one task, whose rates are looked up a batch of records at a time across file
   * boundaries: every reject still names its own file and line, and the priced orders stay in input order.
   */
  @Test
  void rejectsNameTheirOwnFileWhenABatchSpansManyFiles() throws Exception {
    Path dir = tmp.resolve("orders");
    List<String> expectedIds = new ArrayList<>();
    List<String> expectedRejects = new ArrayList<>();
    for (int f = 0; f < 40; f++) {
      StringBuilder text = new StringBuilder();
      for (int line = 1; line <= 30; line++) {
        String id = "O-" + f + "-" + line;
        boolean unknown = (f * 30 + line) % 37 == 0;
        text.append("{\"id\": \"").append(id).append("\", \"total\": 10, \"customer_id\": \"")
            .append(unknown ? "C-9" : "C-1").append("\"}\n");
        if (unknown) expectedRejects.add(String.format("%s/part-%02d.jsonl %d customer C-9 has no rate", dir, f, line));
        else expectedIds.add(id);
      }
      TestData.write(dir.resolve(String.format("part-%02d.jsonl", f)), text.toString());
    }
    Path rates = TestData.write(tmp.resolve("rates.csv"), "customer_id,rate\nC-1,0.1\n");
    Path out = tmp.resolve("out");
    JobResult r = OrderPricing.get(SharedSpark.spark())
        .job(JobSpec.builder(List.of(dir.toString()), out.toString()).rates(RatesSource.file(rates.toString())).build()).run();
    assertThat(r.rejected()).isEqualTo(expectedRejects.size()).isGreaterThan(20);
    assertThat(TestData.readInOrder(SharedSpark.spark(), out, "parquet")).extracting(row -> row.getString(0))
        .containsExactlyElementsOf(expectedIds);
    List<String> rejects = new ArrayList<>();
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String line : TestData.lines(out.resolve("_rejects"))) {
      var node = json.readTree(line);
      rejects.add(node.get("source").asText() + " " + node.get("position").asLong() + " " + node.get("reason").asText());
    }
    assertThat(rejects).containsExactlyElementsOf(expectedRejects);
  }
}
