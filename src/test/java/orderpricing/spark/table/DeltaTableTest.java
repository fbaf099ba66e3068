package orderpricing.spark.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.delta.tables.DeltaTable;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.OptionalLong;
import orderpricing.errors.ChangedInputException;
import orderpricing.errors.OutputExistsException;
import orderpricing.errors.TableException;
import orderpricing.errors.UsageException;
import orderpricing.pricing.Pricing;
import orderpricing.spark.FileSelection;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.OutputFormat;
import orderpricing.spark.RejectLimit;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import orderpricing.spark.WriteMode;
import orderpricing.spark.input.InputFiles;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Runs into Delta tables, each read back with Delta's own reader: its history, its versions, its rows. */
@ExtendWith(SharedSpark.class)
class DeltaTableTest {
  @TempDir Path tmp;

  private static SparkSession spark() {
    return SharedSpark.spark();
  }

  /** One day's orders as JSON Lines, each order carrying the day. */
  private Path day(String name, String date, String... idsAndTotals) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < idsAndTotals.length; i += 2) {
      s.append("{\"id\":\"").append(idsAndTotals[i]).append("\",\"total\":").append(idsAndTotals[i + 1])
          .append(",\"discount\":0.1,\"order_date\":\"").append(date).append("\"}\n");
    }
    return TestData.write(tmp.resolve("in").resolve(name), s.toString());
  }

  private JobSpec.Builder into(Path table, Path... inputs) {
    return JobSpec.builder(java.util.Arrays.stream(inputs).map(Path::toString).toList(), table.toString())
        .outputFormat(OutputFormat.DELTA).keepColumns(List.of("order_date"));
  }

  private static JobResult run(JobSpec.Builder spec) {
    return OrderPricing.get(spark()).job(spec.build()).run();
  }

  private static Dataset<Row> read(Path table) {
    return spark().read().format("delta").load(table.toString());
  }

  private static List<String> ids(Dataset<Row> rows) {
    return rows.orderBy("source", "position").select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
  }

  @Test
  void appendsWithRunIdsCommitOnceEachAndEveryVersionStaysReadable() {
    Path table = tmp.resolve("prices");
    Path d1 = day("2026-12-01.jsonl", "2026-12-01", "A", "100", "B", "12.5");
    Path d2 = day("2026-12-02.jsonl", "2026-12-02", "C", "7", "D", "20.00");

    JobResult first = run(into(table, d1).mode(WriteMode.APPEND).runId("day-1").sourceColumns(true));
    JobResult second = run(into(table, d2).mode(WriteMode.APPEND).runId("day-2").sourceColumns(true));
    JobResult retried = run(into(table, d2).mode(WriteMode.APPEND).runId("day-2").sourceColumns(true));

    assertThat(first.outcome()).isEqualTo(JobResult.Outcome.COMMITTED);
    assertThat(first.tableVersion()).isEqualTo(OptionalLong.of(0));
    assertThat(second.tableVersion()).isEqualTo(OptionalLong.of(1));
    assertThat(retried.outcome()).isEqualTo(JobResult.Outcome.ALREADY_COMMITTED);
    assertThat(retried.committed()).isTrue();
    List<Row> history = DeltaTable.forPath(spark(), table.toString()).history().orderBy("version").select("version", "operation").collectAsList();
    assertThat(history).extracting(r -> r.getLong(0) + " " + r.getString(1)).containsExactly("0 WRITE", "1 WRITE");

    Dataset<Row> now = read(table);
    assertThat(ids(now)).containsExactly("A", "B", "C", "D");
    assertThat(ids(spark().read().format("delta").option("versionAsOf", 0).load(table.toString()))).containsExactly("A", "B");
    // Exact decimals, widened to room for the days to come; money at the currency scale.
    assertThat(now.schema().apply("total").dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
    assertThat(now.schema().apply("price").dataType()).isEqualTo(DataTypes.createDecimalType(18, 2));
    Row b = now.where("id = 'B'").first();
    assertThat(b.<BigDecimal>getAs("price")).isEqualTo(new BigDecimal("12.38"));
    assertThat(b.<String>getAs("source")).isEqualTo(d1.toString());
    assertThat(b.<Long>getAs("position")).isEqualTo(2L);
  }

  @Test
  void overwriteReplacesTheTableInOneCommitAndTheOldVersionStaysReachable() {
    Path table = tmp.resolve("prices");
    Path d1 = day("a.jsonl", "2026-12-01", "A", "100");
    Path d2 = day("b.jsonl", "2026-12-02", "B", "5");
    run(into(table, d1));
    assertThatThrownBy(() -> run(into(table, d2))).isInstanceOf(OutputExistsException.class);
    run(into(table, d2).overwrite(true));
    assertThat(read(table).select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("B");
    assertThat(spark().read().format("delta").option("versionAsOf", 0).load(table.toString()).count()).isEqualTo(1);
    assertThat(DeltaTable.forPath(spark(), table.toString()).history().count()).isEqualTo(2);
  }

  @Test
  void replaceWhereReplacesOneDayOfAPartitionedTable() throws Exception {
    Path table = tmp.resolve("prices");
    Path d1 = day("a.jsonl", "2026-12-01", "A", "100");
    Path d2 = day("b.jsonl", "2026-12-02", "B", "200", "C", "300");
    run(into(table, d1).mode(WriteMode.APPEND).partitionBy(List.of("order_date")));
    run(into(table, d2).mode(WriteMode.APPEND).partitionBy(List.of("order_date")));
    assertThat(Files.isDirectory(table.resolve("order_date=2026-12-02"))).isTrue();

    // Day 2 again, at another tax rate: only its rows change.
    Path redo = day("b2.jsonl", "2026-12-02", "B", "200");
    JobResult r = run(into(table, redo).mode(new WriteMode.ReplaceWhere("order_date = '2026-12-02'"))
        .pricing(new Pricing(new BigDecimal("0.2"), 2, java.math.RoundingMode.HALF_UP)));
    assertThat(r.outcome()).isEqualTo(JobResult.Outcome.COMMITTED);
    List<Row> rows = read(table).orderBy("id").select("id", "tax", "order_date").collectAsList();
    assertThat(rows).extracting(Row::toString).containsExactly("[A,9.00,2026-12-01]", "[B,36.00,2026-12-02]");

    long before = DeltaTable.forPath(spark(), table.toString()).history().count();
    assertThatThrownBy(() -> run(into(table, redo).mode(new WriteMode.ReplaceWhere("day = '2026-12-02'"))))
        .isInstanceOf(UsageException.class).hasMessageContaining("day = '2026-12-02'").hasMessageContaining("names a column the output does not have");
    // An order outside the predicate: Delta refuses the write, and nothing is committed.
    assertThatThrownBy(() -> run(into(table, redo).mode(new WriteMode.ReplaceWhere("order_date = '2026-12-01'"))))
        .isInstanceOf(TableException.class).hasMessageContaining(table.toString()).hasMessageContaining("nothing of this run is committed");
    assertThat(DeltaTable.forPath(spark(), table.toString()).history().count()).isEqualTo(before);
  }

  @Test
  void onlyNewFilesPricesEachFileOnceAndAChangedFileIsNamed() throws Exception {
    Path table = tmp.resolve("prices");
    Path landing = tmp.resolve("in/landing");
    day("landing/1.jsonl", "2026-12-01", "A", "1");
    day("landing/2.jsonl", "2026-12-01", "B", "2");
    JobSpec.Builder spec = into(table, landing).mode(WriteMode.APPEND).files(FileSelection.NEW).sourceColumns(true);

    assertThat(run(spec).inputFiles()).isEqualTo(2);
    Path third = day("landing/3.jsonl", "2026-12-02", "C", "3");
    JobResult next = run(spec);
    assertThat(next.inputFiles()).isEqualTo(1);
    assertThat(next.priced()).isEqualTo(1);
    JobResult none = run(spec);
    assertThat(none.outcome()).isEqualTo(JobResult.Outcome.NO_NEW_FILES);
    assertThat(DeltaTable.forPath(spark(), table.toString()).history().count()).as("no commit for no new files").isEqualTo(2);
    assertThat(ids(read(table))).containsExactly("A", "B", "C");

    // A recorded file that has changed: named, not priced twice or skipped, unless asked for.
    Files.writeString(third, Files.readString(third) + "{\"id\":\"D\",\"total\":4,\"discount\":0,\"order_date\":\"2026-12-02\"}\n");
    assertThatThrownBy(() -> run(spec)).isInstanceOf(ChangedInputException.class)
        .hasMessageStartingWith(landing.resolve("3.jsonl").toString() + " was priced into " + table + " before and has changed since (size ");
    JobResult repriced = run(spec.files(FileSelection.NEW_AND_CHANGED));
    assertThat(repriced.inputFiles()).isEqualTo(1);
    assertThat(read(table).count()).isEqualTo(5);
  }

  @Test
  void aLedgerEntryWhoseRunNeverCommittedDoesNotCount() throws Exception {
    Path table = tmp.resolve("prices");
    Path landing = tmp.resolve("in/landing");
    Path a = day("landing/a.jsonl", "2026-12-01", "A", "1");
    run(into(table, landing).mode(WriteMode.APPEND).files(FileSelection.NEW));
    // A run killed after writing its entry and before its commit: its file is in the entry, its key in no commit.
    Path b = day("landing/b.jsonl", "2026-12-01", "B", "2");
    Files.setLastModifiedTime(b, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 1000));
    DeltaOutput output = DeltaOutput.open(spark(), table.toString(), WriteMode.APPEND, List.of());
    FileLedger ledger = FileLedger.of(output, spark().sparkContext().hadoopConfiguration());
    var files = InputFiles.resolve(List.of(landing.toString()), null, spark().sparkContext().hadoopConfiguration());
    List<FileLedger.PricedFile> fresh = ledger.unpriced(files, FileSelection.NEW, spark().sparkContext().hadoopConfiguration());
    assertThat(fresh).extracting(FileLedger.PricedFile::path).containsExactly(files.get(1).path());
    ledger.record(RunKey.given("killed"), fresh, spark().sparkContext().hadoopConfiguration());

    JobResult next = run(into(table, landing).mode(WriteMode.APPEND).files(FileSelection.NEW));
    assertThat(next.inputFiles()).isEqualTo(1);
    assertThat(read(table).orderBy("id").select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("A", "B");
  }

  @Test
  void rejectsAreCommittedPerRunBeforeTheOrdersAndAnOverLimitRunCommitsNothing() throws Exception {
    Path table = tmp.resolve("prices");
    Path in = TestData.write(tmp.resolve("in/bad.jsonl"),
        "{\"id\":\"A\",\"total\":10,\"discount\":0,\"order_date\":\"d\"}\n{\"id\":\"B\",\"total\":-1,\"discount\":0,\"order_date\":\"d\"}\n");
    JobResult limited = run(into(table, in).mode(WriteMode.APPEND).runId("r1").maxRejects(new RejectLimit.Count(0)));
    assertThat(limited.outcome()).isEqualTo(JobResult.Outcome.OVER_REJECT_LIMIT);
    assertThat(table).doesNotExist();

    JobResult r = run(into(table, in).mode(WriteMode.APPEND).runId("r1"));
    assertThat(r.rejected()).isEqualTo(1);
    assertThat(r.rejects()).isEqualTo(table + "/_rejects/r1");
    List<Row> rejects = spark().read().json(r.rejects()).collectAsList();
    assertThat(rejects).extracting(x -> x.<String>getAs("id") + " " + x.<Long>getAs("position")).containsExactly("B 2");
    assertThat(read(table).count()).isEqualTo(1);

    // Delta's VACUUM, however short its retention, leaves the run's rejects (a name starting with "_") alone.
    // (Its listing job has one task for each of spark.sql.sources.parallelPartitionDiscovery.parallelism, 10,000.)
    String check = "spark.databricks.delta.retentionDurationCheck.enabled", listing = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
    String checkBefore = spark().conf().get(check, "true"), listingBefore = spark().conf().get(listing);
    spark().conf().set(check, "false");
    spark().conf().set(listing, "2");
    try {
      run(into(table, in).overwrite(true));
      DeltaTable.forPath(spark(), table.toString()).vacuum(0);
    } finally {
      spark().conf().set(check, checkBefore);
      spark().conf().set(listing, listingBefore);
    }
    assertThat(spark().read().json(r.rejects()).count()).isEqualTo(1);
    assertThatThrownBy(() -> spark().read().format("delta").option("versionAsOf", 0).load(table.toString()).collectAsList())
        .as("the first version's files vacuumed").hasMessageContaining("does not exist");
  }

  @Test
  void aTableAndADirectoryAreNeverTakenForEachOther() {
    Path in = day("a.jsonl", "d", "A", "1");
    Path dir = tmp.resolve("dir");
    OrderPricing.get(spark()).job(JobSpec.builder(List.of(in.toString()), dir.toString()).build()).run();
    assertThatThrownBy(() -> run(into(dir, in).mode(WriteMode.APPEND)))
        .isInstanceOf(TableException.class).hasMessage(dir + " is not a Delta table (it has no _delta_log); a directory output is written without --output-format delta");
    Path table = tmp.resolve("table");
    run(into(table, in));
    assertThatThrownBy(() -> OrderPricing.get(spark()).job(JobSpec.builder(List.of(in.toString()), table.toString()).overwrite(true).build()).run())
        .isInstanceOf(TableException.class).hasMessage(table + " is a Delta table; write to it with --output-format delta");
    assertThat(read(table).count()).isEqualTo(1);
  }

  @Test
  void aLaterRunsDecimalsAreCastToTheTablesOrRefusedWhenTheyCannotBeHeld() {
    Path table = tmp.resolve("prices");
    run(into(table, day("a.jsonl", "d", "A", "1")).mode(WriteMode.APPEND));
    // A whole total measures as decimal(1,0): cast to the table's decimal(18,2).
    run(into(table, day("b.jsonl", "d", "B", "7")).mode(WriteMode.APPEND));
    // Three decimals; the table's total keeps two: refused, naming the column, nothing committed.
    assertThatThrownBy(() -> run(into(table, day("c.jsonl", "d", "C", "123456.789")).mode(WriteMode.APPEND)))
        .isInstanceOf(TableException.class)
        .hasMessage("column total of " + table + " is decimal(18,2); this run's is decimal(9,3), which it cannot hold exactly");
    assertThat(read(table).orderBy("id").select("id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList()).containsExactly("A", "B");
  }

  @Test
  void parquetOrdersGoInWithTheSamePricesAsIntoADirectory() {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("id", DataTypes.StringType)
        .add("total", DataTypes.createDecimalType(12, 2)).add("discount", DataTypes.createDecimalType(4, 2)).add("order_date", DataTypes.StringType);
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(org.apache.spark.sql.RowFactory.create("P-" + i, new BigDecimal(i * 37 % 100_000).movePointLeft(2),
          new BigDecimal(i % 20).movePointLeft(2), "d"));
    }
    rows.add(org.apache.spark.sql.RowFactory.create("bad", new BigDecimal("-1.00"), BigDecimal.ZERO, "d"));
    Path in = TestData.parquet(spark(), tmp.resolve("in/orders.parquet"), schema, rows, 16 * 1024);
    Path table = tmp.resolve("table"), dir = tmp.resolve("dir");
    JobResult t = run(into(table, in).sourceColumns(true));
    OrderPricing.get(spark()).job(JobSpec.builder(List.of(in.toString()), dir.toString()).keepColumns(List.of("order_date")).build()).run();
    assertThat(t.priced()).isEqualTo(2_000);
    assertThat(t.rejected()).isEqualTo(1);
    // The same values; the table's decimals are wider (room for the days to come), so compared as numbers.
    List<String> fromTable = read(table).orderBy("source", "position").drop("source", "position").collectAsList().stream().map(DeltaTableTest::values).toList();
    List<String> fromDir = TestData.readInOrder(spark(), dir, "parquet").stream().map(DeltaTableTest::values).toList();
    assertThat(fromTable).hasSize(2_000).isEqualTo(fromDir);
  }

  @Test
  void parquetOrdersWhoseStatisticsProveThemValidGoInWithoutAPassBeforeThePricing() {
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType().add("id", DataTypes.StringType)
        .add("total", DataTypes.createDecimalType(12, 2)).add("discount", DataTypes.createDecimalType(4, 2));
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      rows.add(org.apache.spark.sql.RowFactory.create("P-" + (i % 1_990), new BigDecimal(i * 37 % 100_000).movePointLeft(2),
          i % 3 == 0 ? null : new BigDecimal(i % 20).movePointLeft(2)));
    }
    Path in = TestData.parquet(spark(), tmp.resolve("in/orders.parquet"), schema, rows, 16 * 1024);
    Path table = tmp.resolve("table"), dir = tmp.resolve("dir");
    JobResult t = run(into(table, in).keepColumns(List.of()));
    OrderPricing.get(spark()).job(JobSpec.builder(List.of(in.toString()), dir.toString()).build()).run();
    assertThat(t.priced()).isEqualTo(2_000);
    assertThat(t.rejected()).isZero();
    assertThat(t.duplicateIds()).as("counted beside the pricing").isEqualTo(10);
    List<String> fromTable = read(table).orderBy("id", "total").collectAsList().stream().map(DeltaTableTest::values).toList();
    List<String> fromDir = spark().read().parquet(dir.toString()).orderBy("id", "total").collectAsList().stream().map(DeltaTableTest::values).toList();
    assertThat(fromTable).hasSize(2_000).isEqualTo(fromDir);
    assertThat(tmp.resolve("table/_rejects")).as("no rejects").doesNotExist();
  }

  private static String values(Row r) {
    List<String> values = new java.util.ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      values.add(r.get(i) instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString() : String.valueOf(r.get(i)));
    }
    return values.toString();
  }
}
