package orderpricing.spark.stats;

import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The duplicate-id count that runs beside the pricing of Parquet and big text inputs. */
@ExtendWith(SharedSpark.class)
class DuplicateIdCountTest {
  private static final StructType SCHEMA = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(10, 2));

  @TempDir Path tmp;

  /** Two Parquet files; ids repeat within and across them (7 repeats), null ids are no ids. */
  private List<String> parquetWithDuplicates() {
    List<Row> a = new ArrayList<>(), b = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) a.add(RowFactory.create("P-" + i, new BigDecimal("1.00")));
    for (int i = 0; i < 5; i++) b.add(RowFactory.create("P-" + (i * 1_000), new BigDecimal("2.00")));
    b.add(RowFactory.create("P-0", new BigDecimal("3.00")));
    b.add(RowFactory.create("NEW", new BigDecimal("3.00")));
    b.add(RowFactory.create("NEW", new BigDecimal("3.00")));
    b.add(RowFactory.create(null, new BigDecimal("4.00")));
    b.add(RowFactory.create(null, new BigDecimal("4.00")));
    return List.of(TestData.parquet(SharedSpark.spark(), tmp.resolve("a.parquet"), SCHEMA, a, 64 << 10).toString(),
        TestData.parquet(SharedSpark.spark(), tmp.resolve("b.parquet"), SCHEMA, b, 64 << 10).toString());
  }

  /** A run whose duplicate count runs beside its pricing, as it does for more ids than the driver gathers hashes of. */
  private static JobResult countingBeside(JobSpec spec) {
    SharedSpark.spark().conf().set(orderpricing.spark.PricingJob.DRIVER_HASHES, "0");
    try {
      return OrderPricing.get(SharedSpark.spark()).job(spec).run();
    } finally {
      SharedSpark.spark().conf().unset(orderpricing.spark.PricingJob.DRIVER_HASHES);
    }
  }

  @Test
  void duplicateIdsAreCountedBesideThePricingOfParquet() {
    JobResult r = countingBeside(JobSpec.of(parquetWithDuplicates(), tmp.resolve("out").toString()));
    assertThat(r.duplicateIds()).isEqualTo(7);
    assertThat(r.inputRecords()).isEqualTo(20_010);
  }

  /**
   * The caller's job group, local properties and job tags are as they were after a run; the count's jobs ran in a
   * group of their own (not the caller's), carrying the caller's tag.
   */
  @Test
  void theCallersThreadIsLeftAsItWas() {
    SparkContext sc = SharedSpark.spark().sparkContext();
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
    List<String> inputs = parquetWithDuplicates();
    sc.setJobGroup("caller-group", "the caller's own jobs", false);
    sc.setLocalProperty("caller.setting", "kept");
    jsc.addJobTag("caller-tag");
    try {
      JobResult r = countingBeside(JobSpec.of(inputs, tmp.resolve("out").toString()));
      assertThat(r.duplicateIds()).isEqualTo(7);
      assertThat(sc.getLocalProperty("spark.jobGroup.id")).isEqualTo("caller-group");
      assertThat(sc.getLocalProperty("spark.job.description")).isEqualTo("the caller's own jobs");
      assertThat(sc.getLocalProperty("spark.job.interruptOnCancel")).isEqualTo("false");
      assertThat(sc.getLocalProperty("caller.setting")).isEqualTo("kept");
      assertThat(jsc.getJobTags()).containsExactly("caller-tag");

      Set<Integer> callerGroup = Set.copyOf(asList(sc.statusTracker().getJobIdsForGroup("caller-group")));
      Set<Integer> callerTag = Set.copyOf(asList(sc.statusTracker().getJobIdsForTag("caller-tag")));
      assertThat(callerGroup).as("the pricing's jobs").isNotEmpty();
      assertThat(callerTag).as("the count's jobs carry the caller's tag, in a group of their own").containsAll(callerGroup)
          .hasSizeGreaterThan(callerGroup.size());
    } finally {
      sc.clearJobGroup();
      sc.setLocalProperty("caller.setting", null);
      jsc.clearJobTags();
    }
  }

  /** The pricing fails in a task (prices too wide for their columns): the run fails at once and leaves no job behind. */
  @Test
  @Timeout(300) // a hang guard, not a measurement: the run fails within seconds
  void aRunWhosePricingFailsLeavesNoCountRunning() throws Exception {
    List<String> inputs = new ArrayList<>(parquetWithDuplicates());
    // Its footer reads well, so the run plans it; its first page header does not, so the pricing's task fails.
    Path broken = Path.of(inputs.get(inputs.size() - 1));
    try (var file = new java.io.RandomAccessFile(broken.toFile(), "rw")) {
      file.seek(4);
      file.write(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }
    JobSpec spec = JobSpec.of(inputs, tmp.resolve("out").toString());
    assertThatThrownBy(() -> countingBeside(spec))
        .hasStackTraceContaining(broken + ": row groups from row 1 do not read (can not read class org.apache.parquet.format.PageHeader");
    awaitNoActiveJobs();
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /**
   * A count of ten billion ids, cancelled once its job runs: cancel returns, the value says it was cancelled, and the
   * job is gone (it would otherwise run for hours).
   */
  @Test
  @Timeout(300)
  void aCancelledCountStopsItsJob() throws InterruptedException {
    SparkContext sc = SharedSpark.spark().sparkContext();
    DuplicateIdCount count = DuplicateIdCount.start(SharedSpark.spark(),
        SharedSpark.spark().range(10_000_000_000L).selectExpr("CAST(id AS STRING) AS id"));
    while (sc.statusTracker().getJobIdsForGroup(count.jobGroup()).length == 0) Thread.sleep(10); // its job runs
    count.cancel();
    assertThat(count.ended()).as("the count's thread, once cancel returns").isTrue();
    assertThatThrownBy(count::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled");
    awaitNoActiveJobs();
  }

  @Test
  void aCountCancelledBeforeItStartsNeverRuns() {
    DuplicateIdCount count = DuplicateIdCount.start(SharedSpark.spark(),
        SharedSpark.spark().range(10_000_000_000L).selectExpr("CAST(id AS STRING) AS id"));
    count.cancel();
    // Cancelled before its thread took it up, or (its thread was quicker) while it waited for the caller's job.
    assertThat(!count.started() || count.ended()).as("never started, or its thread done once cancel returns").isTrue();
    assertThatThrownBy(count::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled");
    assertThat(DuplicateIdCount.known(3).value()).isEqualTo(3);
  }

  /**
   * Cancelled while it has no job running (here: waiting for the caller's job, as between two of its own jobs or
   * while Spark plans one), the count's cancel leaves no warning in Spark's log: "Failed to cancel job group ...
   * Cannot find active jobs for it" went before the one line of every --on-invalid fail.
   */
  @Test
  void aCountCancelledWhileNoJobOfItsRunsLeavesNoWarning() throws InterruptedException {
    List<String> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    String scheduler = "org.apache.spark.scheduler.DAGScheduler";
    var context = (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
    var logger = (org.apache.logging.log4j.core.Logger) context.getLogger(scheduler);
    var level = logger.getLevel();
    var appender = new org.apache.logging.log4j.core.appender.AbstractAppender("warnings", null, null, true,
        org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY) {
      @Override
      public void append(org.apache.logging.log4j.core.LogEvent event) {
        warnings.add(event.getMessage().getFormattedMessage());
      }
    };
    appender.start();
    logger.addAppender(appender);
    logger.setLevel(org.apache.logging.log4j.Level.WARN);
    try {
      DuplicateIdCount count = DuplicateIdCount.start(SharedSpark.spark(),
          SharedSpark.spark().range(10).selectExpr("CAST(id AS STRING) AS id"));
      while (!count.started()) Thread.sleep(10); // it waits for a job of this thread that does not come
      count.cancel();
      assertThat(count.ended()).as("the count's thread, once cancel returns").isTrue();
      assertThatThrownBy(count::value).isInstanceOf(IllegalStateException.class).hasMessageContaining("cancelled");
      awaitNoActiveJobs();
      Thread.sleep(200); // the scheduler handles a cancel on its own thread
      assertThat(warnings).filteredOn(w -> w.contains(count.jobGroup())).isEmpty();
    } finally {
      logger.removeAppender(appender);
      logger.setLevel(level);
      appender.stop();
    }
  }

  /** Spark's status tracker learns of ended jobs from its listener bus, a moment after they end. */
  private static void awaitNoActiveJobs() throws InterruptedException {
    SparkContext sc = SharedSpark.spark().sparkContext();
    for (int i = 0; i < 600 && sc.statusTracker().getActiveJobIds().length > 0; i++) Thread.sleep(100);
    assertThat(sc.statusTracker().getActiveJobIds()).as("jobs still running").isEmpty();
  }

  private static List<Integer> asList(int[] ids) {
    List<Integer> out = new ArrayList<>();
    for (int id : ids) out.add(id);
    return out;
  }
}
