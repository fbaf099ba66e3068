package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.count;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import orderpricing.pricing.PricedOrder;
import org.apache.hadoop.conf.Configuration;
import orderpricing.spark.input.InputFile;
import orderpricing.spark.input.InputFiles;
import orderpricing.spark.input.InputPlan;
import orderpricing.spark.input.Profile;
import orderpricing.spark.input.StagedOrdersSource;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pricing run: read every input record in input order, price the valid ones with the typed map, set the invalid
 * ones aside with their reasons, and commit the output and the rejects whole. Returns what it did as a
 * {@link JobResult}; prints nothing.
 */
public final class PricingJob {
  private static final Logger LOG = LoggerFactory.getLogger(PricingJob.class);

  private final SparkSession spark;
  private final JobSpec spec;

  PricingJob(SparkSession spark, JobSpec spec) {
    this.spark = spark;
    this.spec = spec;
  }

  public JobResult run() {
    long start = System.nanoTime();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    RunOutput result = RunOutput.prepare(spec, hadoop);

    InputPlan plan = planInputs(hadoop);
    // Inputs that declare their decimal types need no look at the data before it is priced. Others are measured as
    // the duplicate ids are counted, in one pass that also finds the first invalid record; then they are staged at
    // their narrowest decimal types and parsed once more, for the pricing.
    Profile profile = null;
    Long duplicates = null;
    if (!plan.typesDeclared()) {
      Profile.Collector profiles = Profile.Collector.register(spark);
      duplicates = DuplicateIds.of(StagedOrdersSource.load(spark, plan, profiles));
      profile = Profile.of(profiles, plan.partitionCount());
      LOG.info("{} input records, {} invalid", profile.records(), profile.invalid());
      if (profile.invalid() > 0 && spec.onInvalid() == OnInvalid.FAIL) throw invalidOrder(profile.firstInvalid().orElseThrow(), plan);
      plan = plan.withColumns(profile.columns());
    }
    OutputColumns columns = profile == null
        ? OutputColumns.declared(plan.columns().total(), plan.columns().discount())
        : OutputColumns.measured(profile);
    Dataset<Row> staged = StagedOrdersSource.load(spark, plan);
    return priceAndCommit(start, plan, staged, profile, duplicates, columns, result);
  }

  /** The input files in input order, cut into slices and packed into partitions. */
  private InputPlan planInputs(Configuration hadoop) {
    List<InputFile> files = InputFiles.resolve(spec.inputs(), spec.inputFormat(), hadoop);
    InputPlan plan = InputPlan.of(spark, files);
    LOG.info("Reading {} input file(s) in {} partition(s)", files.size(), plan.partitionCount());
    return plan;
  }

  private JobResult priceAndCommit(long start, InputPlan plan, Dataset<Row> staged, Profile profile, Long knownDuplicates,
      OutputColumns columns, RunOutput result) {
    Dataset<Row> orders = staged;
    // Duplicate ids need a pass of their own. It is submitted once the pricing job has started, so Spark's FIFO
    // scheduler gives the pricing every core it asks for, and the count the cores its last tasks leave idle.
    String duplicateJobs = "order-pricing-duplicates-" + java.util.UUID.randomUUID();
    CountDownLatch pricingStarted = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean finished = new java.util.concurrent.atomic.AtomicBoolean();
    SparkListener startSignal = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart jobStart) {
        pricingStarted.countDown();
      }
    };
    spark.sparkContext().addSparkListener(startSignal);
    CompletableFuture<Long> duplicateIds = knownDuplicates != null ? CompletableFuture.completedFuture(knownDuplicates) : CompletableFuture.supplyAsync(() -> {
          awaitQuietly(pricingStarted);
          if (finished.get()) return 0L; // the run ended (failed) before its pricing started: nothing to count for
          spark.sparkContext().setJobGroup(duplicateJobs, "counting duplicate ids", true);
          try {
            return DuplicateIds.of(orders);
          } finally {
            spark.sparkContext().clearJobGroup();
          }
        });

    LongAccumulator priced = spark.sparkContext().longAccumulator("priced orders");
    DecimalSum priceTotal = new DecimalSum();
    spark.sparkContext().register(priceTotal, "price total");
    FirstRows firstRows = new FirstRows(spec.previewRows());
    spark.sparkContext().register(firstRows, "first rows");
    try {
      // The typed map, over the records the readers found valid.
      Dataset<Row> prices = OrderPricing.typed(validOrders(staged), plan.columns().total(), plan.columns().discount())
          .map(new PriceOrders(spec.pricing(), priced, priceTotal, firstRows), columns.pricedOrders(spec.pricing()))
          .select(OutputColumns.names());
      LOG.info("Pricing into {}", spec.output());
      write(withoutDictionaries(prices.write()), spec.outputFormat(), result.outputStaging());

      long records = profile != null ? profile.records() : plan.declaredRecords();
      long rejected = records - priced.value();
      if (rejected > 0 && spec.onInvalid() == OnInvalid.FAIL) throw firstInvalid(staged, plan);
      if (rejected > 0) {
        LOG.info("Writing {} rejected records to {}", rejected, spec.rejects());
        Observation written = new Observation("rejects");
        write(rejectsOf(staged, plan.files()).observe(written, count(lit(1)).as("n")).write(), DataFormat.JSON, result.rejectsStaging());
        long n = ((Number) observed(written).get("n")).longValue();
        if (n != rejected) {
          throw new IllegalStateException("counts do not reconcile: " + records + " input records, " + priced.value()
              + " priced, " + n + " rejected");
        }
      }
      long duplicates = join(duplicateIds);
      result.commit(spec.outputFormat(), priced.value(), rejected);
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      return new JobResult(records, priced.value(), rejected, duplicates,
          priceTotal.value().setScale(spec.pricing().scale()), elapsedMs, spec.output(), spec.rejects(),
          OutputColumns.NAMES,
          firstRows.value().stream().map(o -> columns.asWritten(o, spec.pricing())).toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + spec.output() + ": " + e.getMessage(), e);
    } finally {
      finished.set(true);
      pricingStarted.countDown();
      spark.sparkContext().removeSparkListener(startSignal);
      if (!duplicateIds.isDone()) spark.sparkContext().cancelJobGroup(duplicateJobs);
      result.abort();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long join(CompletableFuture<Long> count) {
    try {
      return count.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  private static java.util.Map<String, Object> observed(Observation observation) {
    try {
      return observation.getAsJava();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting rejects", e);
    }
  }

  /** The records to price: those the readers found valid. */
  private static Dataset<Row> validOrders(Dataset<Row> staged) {
    return staged.filter(col("problem").isNull()).select("id", "total", "discount");
  }

  /** The first invalid record in input order: partitions are in input order, so the first one found in them. */
  private static InvalidOrderException firstInvalid(Dataset<Row> staged, InputPlan plan) {
    Row first = staged.filter(col("problem").isNotNull()).select("source", "position", "id", "problem").first();
    return invalidOrder(new Profile.Invalid(first.getInt(0), first.getLong(1), first.getString(2), first.getString(3)), plan);
  }

  private static InvalidOrderException invalidOrder(Profile.Invalid invalid, InputPlan plan) {
    return new InvalidOrderException(plan.files().get(invalid.source()).displayName(), invalid.position(), invalid.id(), invalid.problem());
  }

  private static Dataset<Row> rejectsOf(Dataset<Row> staged, List<InputFile> files) {
    Column names = array(files.stream().map(f -> lit(f.displayName())).toArray(Column[]::new));
    return staged.filter(col("problem").isNotNull()).select(
        element_at(names, col("source").plus(1)).as("source"),
        col("position"),
        col("id"),
        col("problem").as("reason"),
        col("record"));
  }

  /**
   * Ids and amounts are (nearly) all distinct: Parquet would build a dictionary for each of them only to give it up
   * a page later, a sixth of the writing time. The discount rate, with few distinct values, keeps its dictionary.
   */
  private static DataFrameWriter<Row> withoutDictionaries(DataFrameWriter<Row> writer) {
    for (String column : List.of("id", "total", "discount_amount", "tax", "price")) {
      writer = writer.option("parquet.enable.dictionary#" + column, "false");
    }
    return writer;
  }

  private static void write(DataFrameWriter<Row> writer, DataFormat format, String path) {
    writer.mode(SaveMode.ErrorIfExists);
    if (format == DataFormat.CSV) writer.option("header", "true");
    writer.format(format.sparkName()).save(path);
  }
}
