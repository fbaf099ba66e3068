package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs in JVMs of their own append to one table at once, while a reader polls it: each run's orders appear in
 * one step, and at the end every order is in the table once. A run that loses a race to create the table fails in
 * one line and its retry commits.
 */
@ExtendWith(SharedSpark.class)
class TableConcurrencyTest {
  private static final int ORDERS = 4_000;

  @TempDir Path tmp;

  private Path orders(String name, String prefix, int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) s.append("{\"id\":\"").append(prefix).append(i).append("\",\"total\":").append(i % 500 + 1).append(".25,\"discount\":0.1}\n");
    return TestData.write(tmp.resolve(name), s.toString());
  }

  @Test
  void concurrentAppendsFromTwoJvmsAreEachCommittedOnceAndReadersSeeWholeCommitsOnly() throws Exception {
    Path table = tmp.resolve("prices");
    Path first = orders("first.jsonl", "F", 10);
    Path a = orders("a.jsonl", "A", ORDERS);
    Path b = orders("b.jsonl", "B", ORDERS + 1); // another size, so the reader can tell which commit it saw
    // The table is there before the two start: a run made in this JVM, as a first day's.
    orderpricing.spark.OrderPricing.get(SharedSpark.spark()).job(orderpricing.spark.JobSpec.builder(List.of(first.toString()), table.toString())
        .outputFormat(orderpricing.spark.OutputFormat.DELTA).build()).run();

    Set<Long> seen = new ConcurrentSkipListSet<>();
    Process pa = run(a, table, "a");
    Process pb = run(b, table, "b");
    Thread reader = poll(table, seen, pa, pb);
    int ea = exit(pa), eb = exit(pb);
    reader.join();
    // Delta commits blind appends side by side; should one fail all the same, it says so in one line, and its retry commits.
    if (ea != 0) ea = retried(pa, a, table, "a");
    if (eb != 0) eb = retried(pb, b, table, "b");
    assertThat(ea).isZero();
    assertThat(eb).isZero();

    SparkSession spark = SharedSpark.spark();
    long total = 10 + ORDERS + ORDERS + 1;
    var rows = spark.read().format("delta").load(table.toString());
    assertThat(rows.count()).isEqualTo(total);
    assertThat(rows.select("id").distinct().count()).isEqualTo(total);
    assertThat(DeltaTable.forPath(spark, table.toString()).history().where("operation = 'WRITE'").count()).isEqualTo(3);
    assertThat(seen).as("counts a reader saw while the runs committed").contains(10L).isSubsetOf(10L, 10L + ORDERS, 10L + ORDERS + 1, total);
  }

  private Process run(Path input, Path table, String name) throws Exception {
    return JobProcess.start(tmp.resolve(name + ".out"), tmp.resolve(name + ".err"), "--input", input.toString(), "--output",
        table.toString(), "--output-format", "delta", "--append", "--run-id", name, "--preview", "0");
  }

  private int exit(Process p) throws InterruptedException {
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return p.exitValue();
  }

  private int retried(Process failed, Path input, Path table, String name) throws Exception {
    String err = Files.readString(tmp.resolve(name + ".err"));
    assertThat(err).contains("another writer changed " + table).doesNotContain("\tat ");
    return run(input, table, name).waitFor();
  }

  /** Reads the table's count over and over while either run lives. */
  private static Thread poll(Path table, Set<Long> seen, Process... runs) {
    Thread t = new Thread(() -> {
      SparkSession spark = SharedSpark.spark();
      while (java.util.Arrays.stream(runs).anyMatch(Process::isAlive)) {
        seen.add(spark.read().format("delta").load(table.toString()).count());
        try {
          Thread.sleep(100); // leaves the cores to the runs between reads
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "table-reader");
    t.start();
    return t;
  }
}
