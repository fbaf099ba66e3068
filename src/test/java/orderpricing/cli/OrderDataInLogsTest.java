package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * No order data (ids, amounts, raw records) reaches Spark's event log, which is shipped to history servers and kept
 * for weeks, nor any log line at the default level: whole runs in JVMs of their own, as scripts/price runs them,
 * with the event log on, over inputs whose ids and totals are found nowhere else.
 */
@ExtendWith(SharedSpark.class)
class OrderDataInLogsTest {
  @TempDir Path tmp;

  private final List<String> secrets = new ArrayList<>();

  /** Orders with ids and totals no Spark log would hold by chance; every fourth one invalid, so rejects are written. */
  private List<Object[]> orders(String prefix, int count) {
    List<Object[]> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = prefix + "-Q" + (7_391 + i * 13);
      String total = (i % 4 == 3 ? "-" : "") + (48_213 + i * 7) + ".7" + (i % 10);
      secrets.add(id);
      secrets.add(total.replace("-", ""));
      orders.add(new Object[] {id, total});
    }
    return orders;
  }

  @Test
  void smallTextInputsParsedOnTheDriver() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    for (Object[] o : orders("SMALLTEXT", 50)) jsonl.append("{\"id\":\"").append(o[0]).append("\",\"total\":").append(o[1]).append(",\"discount\":0.1}\n");
    Path in = TestData.write(tmp.resolve("in.jsonl"), jsonl.toString());
    runAndSearchLogs(in.toString());
  }

  @Test
  void parquetAndCsvInputsReadInTasks() throws Exception {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(12, 2));
    List<Row> rows = new ArrayList<>();
    for (Object[] o : orders("PARQUETIN", 50)) rows.add(RowFactory.create(o[0], new BigDecimal((String) o[1])));
    Path parquet = TestData.parquet(SharedSpark.spark(), tmp.resolve("in.parquet"), schema, rows, 1 << 20);
    StringBuilder csv = new StringBuilder("id,total\n");
    for (Object[] o : orders("CSVIN", 50)) csv.append(o[0]).append(',').append(o[1]).append('\n');
    Path text = TestData.write(tmp.resolve("in.csv"), csv.toString());
    runAndSearchLogs(parquet.toString(), text.toString());
  }

  private void runAndSearchLogs(String... inputs) throws Exception {
    Path events = Files.createDirectories(tmp.resolve("events"));
    List<String> args = new ArrayList<>();
    for (String in : inputs) args.addAll(List.of("--input", in));
    args.addAll(List.of("--output", tmp.resolve("out").toString(), "--master", "local[2]",
        "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri()));
    Path stdout = tmp.resolve("stdout.txt"), stderr = tmp.resolve("stderr.txt");
    Process p = JobProcess.start(stdout, stderr, args.toArray(String[]::new));
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(stderr)).isZero();
    assertThat(Files.readString(stdout)).as("the run priced and rejected orders").containsPattern("Priced [1-9]\\d* of \\d+ orders \\([1-9]\\d* rejected");

    String log = eventLog(events);
    assertThat(log).as("the event log was written").contains("SparkListenerApplicationEnd", "SparkListenerTaskEnd");
    String console = Files.readString(stderr);
    for (String secret : secrets) {
      assertThat(log).as("the event log").doesNotContain(secret);
      assertThat(console).as("the log lines on stderr").doesNotContain(secret);
    }
  }

  /** Every event log file under the directory, decompressed. */
  private static String eventLog(Path dir) throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.startsWith(".")) continue;
        try (InputStream raw = Files.newInputStream(f);
             InputStream in = name.endsWith(".zstd") ? new ZstdInputStream(raw) : raw) {
          assertThat(name).as("a codec this test can read").doesNotEndWith(".lz4").doesNotEndWith(".snappy").doesNotEndWith(".lzf");
          all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return all.toString();
  }
}
