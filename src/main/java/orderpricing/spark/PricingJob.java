package orderpricing.spark;

import orderpricing.errors.InvalidOrderException;
import orderpricing.read.DataFormat;
import orderpricing.spark.output.InputOverlap;
import orderpricing.spark.output.OutputLock;
import orderpricing.spark.output.OutputWriter;
import orderpricing.spark.output.RunOutput;
import orderpricing.spark.stats.DecimalSum;
import orderpricing.spark.stats.DuplicateIdCount;
import orderpricing.spark.stats.DuplicateIds;
import orderpricing.spark.stats.FirstRows;
import orderpricing.spark.stats.ReasonCounts;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.udf;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.errors.InputFileException;
import orderpricing.rates.CustomerRates;
import orderpricing.spark.input.InputFile;
import orderpricing.spark.input.InputFiles;
import orderpricing.spark.input.InputPlan;
import orderpricing.spark.input.Profile;
import orderpricing.spark.input.StagedColumns;
import orderpricing.spark.input.StagedOrdersSource;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pricing run: read every input record in input order, price the valid ones with the typed map, set the invalid
 * ones aside with their reasons, and commit the output and the rejects as one result. Returns what it did as a
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
    // The inputs first: one that must not be read (a pipe, a file given twice), or a result that would land on one,
    // is refused before anything else is done.
    List<InputFile> files = InputFiles.resolve(spec.inputs(), spec.inputFormat(), spark.sparkContext().hadoopConfiguration());
    InputOverlap.requireApart(spec.inputs(), List.of(spec.output(), spec.rejects()), spark.sparkContext().hadoopConfiguration());
    // One run at a time writes an output: held from before the output is looked at until after the commit.
    try (OutputLock lock = OutputLock.acquire(spec.output(), spark.sparkContext().applicationId(), lockExpiry(),
        spark.sparkContext().hadoopConfiguration())) {
      return run(files, lock, start);
    }
  }

  /** How long the output's lock outlives a run that died without releasing it. */
  private java.time.Duration lockExpiry() {
    return java.time.Duration.ofMillis(spark.sparkContext().getConf().getTimeAsMs(LOCK_EXPIRY, OutputLock.DEFAULT_EXPIRY.toSeconds() + "s"));
  }

  /** The Spark setting for {@link #lockExpiry}. */
  public static final String LOCK_EXPIRY = "spark.orderpricing.lock.expiry";

  private JobResult run(List<InputFile> files, OutputLock lock, long start) {
    RunOutput result = RunOutput.prepare(spec.output(), spec.rejects(), spec.overwrite(), spark.sparkContext().hadoopConfiguration());
    // Customer rates, when the run has them, hold one state of the rates table open for the length of the run.
    try (CustomerRates rates = spec.rates() == null ? CustomerRates.none() : spec.rates().open(spark, spec.ratesLookup())) {
      InputPlan plan = planInputs(files);
      requireWritable(plan);
      Inputs inputs = plan.typesDeclared() ? declared(plan, rates) : measured(plan, rates);
      // What the pricing and the rejects read: each record given its customer's rate as it is read.
      Dataset<Row> staged = StagedOrdersSource.load(spark, inputs.plan().withStep(rates.records(), inputs.discount()));
      // Where it is not counted yet, the duplicate count runs beside the pricing, on the cores its last tasks leave
      // idle; it reads the ids only, so no rates are looked up for it.
      DuplicateIdCount duplicates = inputs.duplicates()
          .orElseGet(() -> DuplicateIdCount.start(spark, StagedOrdersSource.load(spark, inputs.plan())));
      try {
        Prices prices = priceAndWrite(inputs, staged, result);
        Rejects rejects = writeRejects(inputs, staged, prices, result);
        long duplicateIds = duplicates.value();
        boolean overLimit = spec.maxRejects().exceededBy(rejects.count(), inputs.records());
        if (overLimit) {
          LOG.warn("{} of {} input records rejected, more than the limit of {}: nothing is committed", rejects.count(),
              inputs.records(), spec.maxRejects());
        } else {
          lock.requireHeld();
          result.commit(spec.outputFormat(), prices.count(), rejects.count());
        }
        return new JobResult(inputs.records(), prices.count(), rejects.count(), duplicateIds, prices.total(),
            (System.nanoTime() - start) / 1_000_000, spec.output(), spec.rejects(),
            KeptColumns.outputNames(inputs.plan().columns().kept()), prices.first(), rates.summary(), rejects.reasons(),
            overLimit);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot commit " + spec.output() + ": " + e.getMessage(), e);
      } finally {
        duplicates.cancel();
      }
    } finally {
      result.abort();
    }
  }

  /**
   * The staged inputs: their plan at the decimal types to stage, their record count, the output's columns, the
   * discount type the pricing reads (the orders' own, widened for the customers' rates), and the duplicate count
   * when a pass before the pricing made it.
   */
  private record Inputs(InputPlan plan, long records, OutputColumns columns, DecimalType discount,
      Optional<DuplicateIdCount> duplicates) {}

  /** What the pricing made: how many orders, the sum of their prices, the first rows in output order. */
  private record Prices(long count, BigDecimal total, List<PricedOrder> first) {}

  /** The input files in input order, cut into slices and packed into partitions. */
  private InputPlan planInputs(List<InputFile> files) {
    InputPlan plan = InputPlan.of(spark, files, spec.keepColumns());
    LOG.info("Reading {} input file(s) in {} partition(s)", files.size(), plan.partitionCount());
    return plan;
  }

  /** CSV holds plain values only: a kept Parquet struct, array or map cannot be written to it. */
  private void requireWritable(InputPlan plan) {
    if (spec.outputFormat() != DataFormat.CSV) return;
    for (StructField f : plan.columns().kept().fields()) {
      if (f.dataType() instanceof StructType || f.dataType() instanceof ArrayType || f.dataType() instanceof MapType) {
        InputFile from = plan.files().stream().filter(file -> file.format() == DataFormat.PARQUET).findFirst().orElseThrow();
        throw new InputFileException(from.displayName(), "column " + f.name() + " to keep has type " + f.dataType().simpleString()
            + ", which CSV output cannot hold; write Parquet or JSON");
      }
    }
  }

  /** Inputs that declare their decimal types (Parquet DECIMAL and integers) and their record counts in the footers. */
  private Inputs declared(InputPlan plan, CustomerRates rates) {
    DecimalType discount = rates.discountType(plan.columns().discount());
    return new Inputs(plan, plan.declaredRecords(), OutputColumns.declared(plan.columns().total(), discount), discount, Optional.empty());
  }

  /**
   * Other inputs are measured as their duplicate ids are counted, in one pass that also finds the first invalid record
   * (fail mode stops there, before anything is written); then they are staged at their narrowest decimal types.
   */
  private Inputs measured(InputPlan plan, CustomerRates rates) {
    Profile.Collector profiles = Profile.Collector.register(spark);
    long duplicates = DuplicateIds.of(StagedOrdersSource.load(spark, plan, profiles));
    Profile profile = Profile.of(profiles, plan.partitionCount());
    LOG.info("{} input records, {} invalid", profile.records(), profile.invalid());
    plan.requireKeptColumns(profile);
    if (profile.invalid() > 0 && spec.onInvalid() == OnInvalid.FAIL) throw invalidOrder(profile.firstInvalid().orElseThrow(), plan);
    InputPlan sized = plan.withColumns(profile.columns());
    DecimalType discount = rates.discountType(sized.columns().discount());
    return new Inputs(sized, profile.records(), OutputColumns.measured(profile).withDiscount(discount), discount,
        Optional.of(DuplicateIdCount.known(duplicates)));
  }

  /** The typed map over the valid records, written to the output's staging directory; counted on the way. */
  private Prices priceAndWrite(Inputs inputs, Dataset<Row> staged, RunOutput result) {
    LongAccumulator priced = spark.sparkContext().longAccumulator("priced orders");
    // Unnamed: Spark writes named accumulators' values to the event log and the UI, and these two hold order data.
    DecimalSum priceTotal = new DecimalSum();
    spark.sparkContext().register(priceTotal);
    FirstRows firstRows = new FirstRows(spec.previewRows());
    spark.sparkContext().register(firstRows);
    OutputColumns columns = inputs.columns();
    PriceOrders price = new PriceOrders(spec.pricing(), priced, priceTotal, firstRows);
    Encoder<Order> orders = OrderEncoders.orders(inputs.plan().columns().total(), inputs.discount());
    StructType kept = inputs.plan().columns().kept();
    Dataset<Row> prices = kept.isEmpty()
        ? validOrders(staged).as(orders).map(price, columns.pricedOrders(spec.pricing())).select(OutputColumns.names())
        : KeptColumns.price(validOrders(staged), kept, orders, price, columns.pricedOrders(spec.pricing()));
    LOG.info("Pricing into {}", spec.output());
    OutputWriter.write(prices, spec.outputFormat(), result.outputStaging());
    // The map runs in the write's result stage, so each order is counted once; a plan that changed that would show.
    if (priced.value() < 0 || priced.value() > inputs.records()) {
      throw new IllegalStateException("counts do not reconcile: " + priced.value() + " priced of " + inputs.records() + " input records");
    }
    return new Prices(priced.value(), priceTotal.value().setScale(spec.pricing().scale()),
        firstRows.value().stream().map(o -> columns.asWritten(o, spec.pricing())).toList());
  }

  /** What the rejects written hold: how many, and the most common reasons. */
  private record Rejects(long count, List<RejectCount> reasons) {}

  /** The records not priced, with their reasons, counted as they are written: they must be all the others. */
  private Rejects writeRejects(Inputs inputs, Dataset<Row> staged, Prices prices, RunOutput result) {
    long rejected = inputs.records() - prices.count();
    if (rejected == 0) return new Rejects(0, List.of());
    if (spec.onInvalid() == OnInvalid.FAIL) throw firstInvalid(staged, inputs.plan());
    LOG.info("Writing {} rejected records to {}", rejected, spec.rejects());
    // Unnamed: Spark would put a named accumulator's value in the event log; these are counted in the write's
    // result stage, so once a record, and their sum is the number of rejects written.
    ReasonCounts reasons = new ReasonCounts();
    spark.sparkContext().register(reasons);
    writeJson(rejectsOf(staged, inputs.plan().files(), reasons).write(), result.rejectsStaging());
    long n = reasons.value().values().stream().mapToLong(Long::longValue).sum();
    if (n != rejected) {
      throw new IllegalStateException("counts do not reconcile: " + inputs.records() + " input records, " + prices.count()
          + " priced, " + n + " rejected");
    }
    return new Rejects(rejected, mostCommon(reasons));
  }

  /** The most common reasons first; equally common ones in the order of their words. */
  private static List<RejectCount> mostCommon(ReasonCounts reasons) {
    return reasons.value().entrySet().stream()
        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(java.util.Map.Entry.comparingByKey()))
        .limit(JobResult.REASONS)
        .map(e -> new RejectCount(e.getKey(), e.getValue()))
        .toList();
  }

  /** The records to price: those the readers found valid, with their kept columns when there are any. */
  private static Dataset<Row> validOrders(Dataset<Row> staged) {
    Dataset<Row> valid = staged.filter(col("problem").isNull());
    return List.of(staged.columns()).contains(StagedColumns.KEPT_COLUMN)
        ? valid.select("id", "total", "discount", StagedColumns.KEPT_COLUMN)
        : valid.select("id", "total", "discount");
  }

  /** The first invalid record in input order: partitions are in input order, so the first one found in them. */
  private static InvalidOrderException firstInvalid(Dataset<Row> staged, InputPlan plan) {
    Row first = staged.filter(col("problem").isNotNull()).select("source", "position", "id", "problem").first();
    return invalidOrder(new Profile.Invalid(first.getInt(0), first.getLong(1), first.getString(2), first.getString(3)), plan);
  }

  private static InvalidOrderException invalidOrder(Profile.Invalid invalid, InputPlan plan) {
    return new InvalidOrderException(plan.files().get(invalid.source()).displayName(), invalid.position(), invalid.id(), invalid.problem());
  }

  /** The rejects as they are written, their reasons counted on the way. */
  private static Dataset<Row> rejectsOf(Dataset<Row> staged, List<InputFile> files, ReasonCounts reasons) {
    Column names = array(files.stream().map(f -> lit(f.displayName())).toArray(Column[]::new));
    UserDefinedFunction counted = udf((UDF1<String, String>) reason -> {
      reasons.add(reason);
      return reason;
    }, DataTypes.StringType).asNondeterministic(); // evaluated once a row, never folded or repeated by the optimizer
    return staged.filter(col("problem").isNotNull()).select(
        element_at(names, col("source").plus(1)).as("source"),
        col("position"),
        col("id"),
        counted.apply(col("problem")).as("reason"),
        col("record"));
  }

  /** Rejects hold no decimals: Spark's own JSON writer writes them as they are. */
  private static void writeJson(DataFrameWriter<Row> writer, String path) {
    writer.mode(SaveMode.Append).json(path); // a new, empty hidden directory of the run's own (ResultDir)
  }
}
