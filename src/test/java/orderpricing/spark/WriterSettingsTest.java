package orderpricing.spark;

import orderpricing.read.DataFormat;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spark settings a user may pass with --conf that change how the output is written: every one of them works, and the
 * output holds every priced order, in input order.
 */
@ExtendWith(SharedSpark.class)
class WriterSettingsTest {
  @TempDir Path tmp;

  private static JobResult run(Path input, Path out, DataFormat format) {
    return OrderPricing.get(SharedSpark.spark()).job(JobSpec.builder(List.of(input.toString()), out.toString()).outputFormat(format).build()).run();
  }

  private static List<String> ids(Path out, DataFormat format) {
    List<String> ids = new ArrayList<>();
    for (Row r : TestData.readInOrder(SharedSpark.spark(), out, format.sparkName())) ids.add(r.getString(r.fieldIndex("id")));
    return ids;
  }

  /** The sample orders with one record per file: Spark writes c000, c001, … per partition, and all are kept. */
  @ParameterizedTest
  @EnumSource(DataFormat.class)
  void oneRecordPerFileKeepsEveryOrderInInputOrder(DataFormat format) {
    StringBuilder jsonl = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 9; i++) {
      jsonl.append("{\"id\":\"O-").append(i).append("\",\"total\":").append(i).append("}\n");
      expected.add("O-" + i);
    }
    jsonl.append("{\"id\":\"O-bad\",\"total\":\"x\"}\n");
    Path input = TestData.write(tmp.resolve("orders.jsonl"), jsonl.toString());
    Path out = tmp.resolve("out");
    SharedSpark.spark().conf().set("spark.sql.files.maxRecordsPerFile", "1");
    JobResult r;
    try {
      r = run(input, out, format);
    } finally {
      SharedSpark.spark().conf().unset("spark.sql.files.maxRecordsPerFile");
    }
    assertThat(r.priced()).isEqualTo(9);
    assertThat(TestData.parts(out)).hasSize(9);
    assertThat(ids(out, format)).containsExactlyElementsOf(expected);
    assertThat(TestData.lines(out.resolve("_rejects"))).hasSize(1);
  }

  /** The issue's own case: the four sample orders, as JSON, one record per file. */
  @Test
  void theSampleOrdersOneRecordPerFileAreAllWritten() {
    Path out = tmp.resolve("out");
    SharedSpark.spark().conf().set("spark.sql.files.maxRecordsPerFile", "1");
    JobResult r;
    try {
      r = run(Path.of("data/orders.json"), out, DataFormat.JSON);
    } finally {
      SharedSpark.spark().conf().unset("spark.sql.files.maxRecordsPerFile");
    }
    assertThat(r.priced()).isEqualTo(4);
    assertThat(TestData.lines(out)).hasSize(4);
    assertThat(ids(out, DataFormat.JSON)).containsExactly("ORD-001", "ORD-002", "ORD-003", "ORD-004");
  }

  /**
   * Hadoop's committer asked not to write _SUCCESS and to move task files straight into the output (algorithm 2),
   * text output compressed, Parquet with another codec: the result is still complete.
   */
  @Test
  void committerAndCompressionSettingsStillGiveACompleteResult() throws Exception {
    Path input = TestData.write(tmp.resolve("orders.jsonl"), "{\"id\":\"A\",\"total\":1}\n{\"id\":\"B\",\"total\":2}\n{\"id\":\"C\",\"total\":\"x\"}\n");
    Configuration hadoop = SharedSpark.spark().sparkContext().hadoopConfiguration();
    Map<String, String> settings = Map.of("mapreduce.fileoutputcommitter.marksuccessfuljobs", "false",
        "mapreduce.fileoutputcommitter.algorithm.version", "2", "mapreduce.output.fileoutputformat.compress", "true");
    settings.forEach(hadoop::set);
    SharedSpark.spark().conf().set("spark.sql.parquet.compression.codec", "zstd");
    List<JobResult> results = new ArrayList<>();
    try {
      for (DataFormat format : DataFormat.values()) results.add(run(input, tmp.resolve(format.sparkName()), format));
    } finally {
      settings.keySet().forEach(hadoop::unset);
      SharedSpark.spark().conf().unset("spark.sql.parquet.compression.codec");
    }
    assertThat(results).extracting(JobResult::priced).containsOnly(2L);
    for (DataFormat format : DataFormat.values()) {
      Path out = tmp.resolve(format.sparkName());
      assertThat(out.resolve("_SUCCESS")).exists();
      assertThat(out.resolve("_rejects/_SUCCESS")).exists();
      assertThat(SharedSpark.spark().read().format(format.sparkName()).option("header", "true").load(out.toString()).count()).isEqualTo(2);
    }
    assertThat(TestData.parts(tmp.resolve("json"))).allMatch(p -> p.getFileName().toString().endsWith(".json.deflate"));
    assertThat(TestData.parts(tmp.resolve("parquet"))).allMatch(p -> p.getFileName().toString().endsWith(".zstd.parquet"));
  }

  /** CSV ids with quotes, backslashes, commas and line breaks: Spark quotes and escapes them; the count still holds. */
  @Test
  void csvOutputWithAwkwardIdsCountsItsRecords() {
    List<String> awkward = List.of("a\"b", "a\\b", "a\\\"b", "line\nbreak", "cr\r\nlf", "comma,id", "trailing\\", "\"", "\\\\\"", " spaced ");
    StringBuilder jsonl = new StringBuilder();
    for (String id : awkward) {
      jsonl.append("{\"id\":\"").append(id.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r"))
          .append("\",\"total\":1}\n");
    }
    Path input = TestData.write(tmp.resolve("orders.jsonl"), jsonl.toString());
    JobResult r = run(input, tmp.resolve("out"), DataFormat.CSV);
    assertThat(r.priced()).isEqualTo(awkward.size());
    List<String> read = new ArrayList<>();
    for (Path part : TestData.parts(tmp.resolve("out"))) {
      for (Row row : SharedSpark.spark().read().option("header", "true").option("multiLine", "true").csv(part.toString()).collectAsList()) {
        read.add(row.getString(0));
        assertThat(new BigDecimal(row.getString(5))).isEqualByComparingTo("1.10");
      }
    }
    assertThat(read).hasSize(awkward.size());
  }
}
