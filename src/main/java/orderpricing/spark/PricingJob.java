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
import orderpricing.pricing.Order;
import orderpricing.pricing.OrderValidator;
import orderpricing.pricing.PricedOrder;
import orderpricing.rates.CustomerRates;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.function.FilterFunction;
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
    // Customer rates, when the run has them, hold one state of the rates table open for the length of the run.
    try (CustomerRates rates = spec.rates() == null ? CustomerRates.none() : spec.rates().open(spark, spec.ratesLookup())) {
      return run(rates, start);
    }
  }

  private JobResult run(CustomerRates rates, long start) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    AtomicOutput output = AtomicOutput.prepare(spec.output(), spec.overwrite(), hadoop);
    AtomicOutput rejects = AtomicOutput.prepare(spec.rejects(), spec.overwrite(), hadoop);

    List<InputFile> files = InputFiles.resolve(spec.inputs(), spec.inputFormat(), hadoop);
    LOG.info("Reading {} input file(s)", files.size());
    StagedOrders read = StagedOrders.read(spark, files);
    StagedOrders staged = read.withRates(rates);

    // Inputs that declare their decimal types need no look at the data before it is priced; others are measured.
    Profile profile = null;
    OutputColumns columns;
    if (staged.typesDeclared()) {
      columns = OutputColumns.declared(staged.totalType(), staged.discountType());
    } else {
      profile = staged.measured().orElseGet(() -> Profile.of(staged.withReasons()));
      LOG.info("{} input records, {} invalid", profile.records(), profile.invalid());
      if (profile.invalid() > 0 && spec.onInvalid() == OnInvalid.FAIL) throw firstInvalid(staged, files);
      columns = OutputColumns.measured(profile);
    }

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
    CompletableFuture<Long> duplicateIds = staged.duplicateIds().map(CompletableFuture::completedFuture)
        .orElseGet(() -> CompletableFuture.supplyAsync(() -> {
          awaitQuietly(pricingStarted);
          if (finished.get()) return 0L; // the run ended (failed) before its pricing started: nothing to count for
          spark.sparkContext().setJobGroup(duplicateJobs, "counting duplicate ids", true);
          try {
            return DuplicateIds.of(read.rows()); // ids only: no rates looked up for them
          } finally {
            spark.sparkContext().clearJobGroup();
          }
        }));

    LongAccumulator priced = spark.sparkContext().longAccumulator("priced orders");
    DecimalSum priceTotal = new DecimalSum();
    spark.sparkContext().register(priceTotal, "price total");
    FirstRows firstRows = new FirstRows(spec.previewRows());
    spark.sparkContext().register(firstRows, "first rows");
    try {
      // The typed map, after a typed filter that Spark fuses with it (each order is decoded once for both).
      Dataset<Row> prices = OrderPricing.typed(validOrders(staged), staged.totalType(), staged.discountType())
          .filter((FilterFunction<Order>) order -> OrderValidator.problem(order) == null)
          .map(new PriceOrders(spec.pricing(), priced, priceTotal, firstRows), columns.pricedOrders(spec.pricing()))
          .select(OutputColumns.names());
      LOG.info("Pricing into {}", spec.output());
      write(withoutDictionaries(prices.write()), spec.outputFormat(), output.stagingPath());

      long records = profile != null ? profile.records() : staged.declaredRecords();
      long rejected = records - priced.value();
      if (rejected > 0 && spec.onInvalid() == OnInvalid.FAIL) throw firstInvalid(staged, files);
      if (rejected > 0) {
        LOG.info("Writing {} rejected records to {}", rejected, spec.rejects());
        Observation written = new Observation("rejects");
        write(rejectsOf(staged, files).observe(written, count(lit(1)).as("n")).write(), DataFormat.JSON, rejects.stagingPath());
        long n = ((Number) observed(written).get("n")).longValue();
        if (n != rejected) {
          throw new IllegalStateException("counts do not reconcile: " + records + " input records, " + priced.value()
              + " priced, " + n + " rejected");
        }
      } else {
        rejects.writeEmpty();
      }
      long duplicates = join(duplicateIds);
      rejects.commit();
      output.commit();
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      return new JobResult(records, priced.value(), rejected, duplicates,
          priceTotal.value().setScale(spec.pricing().scale()), elapsedMs, spec.output(), spec.rejects(),
          OutputColumns.NAMES,
          firstRows.value().stream().map(o -> columns.asWritten(o, spec.pricing())).toList(), rates.summary());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + output.path() + ": " + e.getMessage(), e);
    } finally {
      finished.set(true);
      pricingStarted.countDown();
      spark.sparkContext().removeSparkListener(startSignal);
      if (!duplicateIds.isDone()) spark.sparkContext().cancelJobGroup(duplicateJobs);
      output.abort();
      rejects.abort();
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

  /** The records to price, less those the readers found wrong; the order rules are applied to them typed. */
  private static Dataset<Row> validOrders(StagedOrders staged) {
    return staged.rows().filter(col("problem").isNull()).select("id", "total", "discount");
  }

  /** The first invalid record in input order: a top-1, not a sort of everything. */
  private static InvalidOrderException firstInvalid(StagedOrders staged, List<InputFile> files) {
    Row first = staged.withReasons().filter(col("problem").isNotNull())
        .select("source", "position", "id", "problem").orderBy("source", "position").first();
    return new InvalidOrderException(files.get(first.getInt(0)).displayName(), first.getLong(1), first.getString(2), first.getString(3));
  }

  private static Dataset<Row> rejectsOf(StagedOrders staged, List<InputFile> files) {
    Column names = array(files.stream().map(f -> lit(f.displayName())).toArray(Column[]::new));
    return staged.withReasons().filter(col("problem").isNotNull()).select(
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
