package orderpricing.spark;

import orderpricing.errors.InvalidOrderException;
import orderpricing.read.DataFormat;
import orderpricing.spark.output.InputOverlap;
import orderpricing.spark.output.OutputLock;
import orderpricing.spark.output.OutputWriter;
import orderpricing.spark.output.RunOutput;
import orderpricing.spark.stats.DecimalSum;
import orderpricing.spark.stats.DuplicateIdCount;
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
import orderpricing.pricing.Pricing;
import orderpricing.errors.InputFileException;
import orderpricing.rates.CustomerRates;
import orderpricing.spark.input.InputFile;
import orderpricing.spark.input.InputFiles;
import orderpricing.spark.input.IdHashes;
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
  private final DuplicateIdCounting counting;

  PricingJob(SparkSession spark, JobSpec spec) {
    this.spark = spark;
    this.spec = spec;
    this.counting = DuplicateIdCounting.of(spark);
  }

  public JobResult run() {
    long start = System.nanoTime();
    // The inputs first: one that must not be read (a pipe, a file given twice), or a result that would land on one,
    // is refused before anything else is done.
    List<InputFile> files = InputFiles.resolve(spec.inputs(), spec.inputFormat(), spark.sparkContext().hadoopConfiguration());
    InputOverlap.requireApart(spec.inputs(), List.of(spec.output(), spec.rejects()), spark.sparkContext().hadoopConfiguration());
    if (spec.outputFormat().isTable()) return new TableRun(this, files, start).run();
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

  /** The Spark setting for the most ids whose hashes the driver gathers from the readers ({@link DuplicateIdCounting}); 0 for none. */
  public static final String DRIVER_HASHES = "spark.orderpricing.duplicates.driverHashes";

  /** The output's lock, for a table run that reads what the table recorded before it commits. */
  OutputLock lock() {
    return OutputLock.acquire(spec.output(), spark.sparkContext().applicationId(), lockExpiry(), spark.sparkContext().hadoopConfiguration());
  }

  SparkSession spark() {
    return spark;
  }

  DuplicateIdCounting counting() {
    return counting;
  }

  JobSpec spec() {
    return spec;
  }

  private JobResult run(List<InputFile> files, OutputLock lock, long start) {
    orderpricing.spark.table.DeltaOutput.requireNoTable(spec.output(), spark.sparkContext().hadoopConfiguration());
    RunOutput result = RunOutput.prepare(spec.output(), spec.rejects(), spec.overwrite(), spec.partitionBy(),
        spark.sparkContext().hadoopConfiguration());
    // Customer rates, when the run has them, hold one state of the rates table open for the length of the run.
    try (CustomerRates rates = spec.rates() == null ? CustomerRates.none() : spec.rates().open(spark, spec.ratesLookup())) {
      InputPlan plan = planInputs(files);
      requireWritable(plan);
      Inputs inputs = plan.typesDeclared() ? declared(plan, rates) : measured(plan, rates);
      // What the pricing and the rejects read: each record given its customer's rate as it is read.
      InputPlan stepped = inputs.plan().withStep(rates.records(), inputs.discount());
      IdHashes hashes = counting.whilePricing(inputs);
      DuplicateIdCount duplicates = counting.forPricing(inputs, hashes);
      try {
        Prices prices = priceAndWrite(inputs, StagedOrdersSource.load(spark, stepped, null, hashes), result);
        Rejects rejects = writeRejects(inputs, stepped, prices, result);
        long duplicateIds = duplicates.value();
        boolean overLimit = spec.maxRejects().exceededBy(rejects.count(), inputs.records());
        if (overLimit) {
          LOG.warn("{} of {} input records rejected, more than the limit of {}: nothing is committed", rejects.count(),
              inputs.records(), spec.maxRejects());
        } else {
          lock.requireHeld();
          result.commit(spec.outputFormat().files(), prices.count(), rejects.count());
        }
        return result(inputs, prices, rejects, duplicateIds, rates, start, spec.rejects(),
            overLimit ? JobResult.Outcome.OVER_REJECT_LIMIT : JobResult.Outcome.COMMITTED, files.size(), java.util.OptionalLong.empty());
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot commit " + spec.output() + ": " + e.getMessage(), e);
      } finally {
        duplicates.cancel();
      }
    } finally {
      result.abort();
    }
  }

  JobResult result(Inputs inputs, Prices prices, Rejects rejects, long duplicateIds, CustomerRates rates, long start,
      String rejectsPath, JobResult.Outcome outcome, int files, java.util.OptionalLong version) {
    return new JobResult(inputs.records(), prices.count(), rejects.count(), duplicateIds, prices.total(),
        (System.nanoTime() - start) / 1_000_000, spec.output(), rejectsPath, outputNames(inputs), prices.first(),
        rates.summary(), rejects.reasons(), outcome, files, version);
  }

  /** The output's columns: the priced ones, the kept ones, and the source columns when asked for. */
  private List<String> outputNames(Inputs inputs) {
    return KeptColumns.outputNames(carried(inputs.plan()));
  }

  /**
   * The staged inputs: their plan at the decimal types to stage, their record count, the output's columns, the
   * discount type the pricing reads (the orders' own, widened for the customers' rates), and the duplicate count and
   * the number of invalid records when a pass before the pricing made them.
   */
  record Inputs(InputPlan plan, long records, OutputColumns columns, DecimalType discount,
      Optional<DuplicateIdCount> duplicates, java.util.OptionalLong invalid) {
    /** The same inputs, known to hold no invalid record (their statistics prove it). */
    Inputs noneInvalid() {
      return new Inputs(plan, records, columns, discount, duplicates, java.util.OptionalLong.of(0));
    }
  }

  /** What the pricing made: how many orders, the sum of their prices, the first rows in output order. */
  record Prices(long count, BigDecimal total, List<PricedOrder> first) {}

  /** The input files in input order, cut into slices and packed into partitions. */
  InputPlan planInputs(List<InputFile> files) {
    InputPlan plan = InputPlan.of(spark, files, spec.keepColumns());
    LOG.info("Reading {} input file(s) in {} partition(s)", files.size(), plan.partitionCount());
    return plan;
  }

  /** CSV holds plain values only: a kept Parquet struct, array or map cannot be written to it. */
  void requireWritable(InputPlan plan) {
    if (spec.outputFormat().files() != DataFormat.CSV) return;
    for (StructField f : plan.columns().kept().fields()) {
      if (f.dataType() instanceof StructType || f.dataType() instanceof ArrayType || f.dataType() instanceof MapType) {
        InputFile from = plan.files().stream().filter(file -> file.format() == DataFormat.PARQUET).findFirst().orElseThrow();
        throw new InputFileException(from.displayName(), "column " + f.name() + " to keep has type " + f.dataType().simpleString()
            + ", which CSV output cannot hold; write Parquet or JSON");
      }
    }
  }

  /** Inputs that declare their decimal types (Parquet DECIMAL and integers) and their record counts in the footers. */
  Inputs declared(InputPlan plan, CustomerRates rates) {
    DecimalType discount = rates.discountType(plan.columns().discount());
    return new Inputs(plan, plan.declaredRecords(), OutputColumns.declared(plan.columns().total(), discount), discount, Optional.empty(),
        java.util.OptionalLong.empty());
  }

  /**
   * Other inputs are measured as their duplicate ids are counted, in one pass that also finds the first invalid record
   * (fail mode stops there, before anything is written); then they are staged at their narrowest decimal types.
   */
  Inputs measured(InputPlan plan, CustomerRates rates) {
    return measured(plan, rates, false);
  }

  /**
   * The same; with {@code withRates}, each record is measured as the pricing will see it, given its customer's rate,
   * so the invalid records counted include the orders whose customer has no usable rate.
   */
  Inputs measured(InputPlan plan, CustomerRates rates, boolean withRates) {
    Profile.Collector profiles = Profile.Collector.register(spark);
    InputPlan read = withRates ? plan.withStep(rates.records(), StagedColumns.WIDEST) : plan;
    long duplicates = counting.whileMeasuring(read, plan, profiles);
    Profile profile = Profile.of(profiles, plan.partitionCount());
    LOG.info("{} input records, {} invalid", profile.records(), profile.invalid());
    plan.requireKeptColumns(profile);
    if (profile.invalid() > 0 && spec.onInvalid() == OnInvalid.FAIL) throw invalidOrder(profile.firstInvalid().orElseThrow(), plan);
    InputPlan sized = plan.withColumns(profile.columns());
    DecimalType discount = rates.discountType(sized.columns().discount());
    return new Inputs(sized, profile.records(), OutputColumns.measured(profile).withDiscount(discount), discount,
        Optional.of(DuplicateIdCount.known(duplicates)), java.util.OptionalLong.of(profile.invalid()));
  }

  /** The typed map over the valid records, written to the output's staging directory; counted on the way. */
  private Prices priceAndWrite(Inputs inputs, Dataset<Row> staged, RunOutput result) {
    PricingPass pass = pricing(inputs, staged);
    LOG.info("Pricing into {}", spec.output());
    OutputWriter.write(pass.rows(), spec.outputFormat().files(), result.outputStaging(), spec.partitionBy());
    return pass.counted(inputs.records());
  }

  /**
   * The priced rows, lazily, and what counts them as they are written: the map runs in the write's result stage, so
   * each order is counted once.
   */
  record PricingPass(Dataset<Row> rows, LongAccumulator priced, DecimalSum total, FirstRows first, OutputColumns columns, Pricing pricing) {
    /** What the write counted, checked: never more orders than records; a plan that changed that would show. */
    Prices counted(long records) {
      if (priced.value() < 0 || priced.value() > records) {
        throw new IllegalStateException("counts do not reconcile: " + priced.value() + " priced of " + records + " input records");
      }
      return new Prices(priced.value(), total.value().setScale(pricing.scale()),
          first.value().stream().map(o -> columns.asWritten(o, pricing)).toList());
    }
  }

  PricingPass pricing(Inputs inputs, Dataset<Row> staged) {
    LongAccumulator priced = spark.sparkContext().longAccumulator("priced orders");
    // Unnamed: Spark writes named accumulators' values to the event log and the UI, and these two hold order data.
    DecimalSum priceTotal = new DecimalSum();
    spark.sparkContext().register(priceTotal);
    FirstRows firstRows = new FirstRows(spec.previewRows());
    spark.sparkContext().register(firstRows);
    OutputColumns columns = inputs.columns();
    PriceOrders price = new PriceOrders(spec.pricing(), priced, priceTotal, firstRows);
    Encoder<Order> orders = OrderEncoders.orders(inputs.plan().columns().total(), inputs.discount());
    StructType carried = carried(inputs.plan());
    Dataset<Row> prices = carried.isEmpty()
        ? validOrders(staged).as(orders).map(price, columns.pricedOrders(spec.pricing())).select(OutputColumns.names())
        : KeptColumns.price(carriedOrders(staged, inputs.plan()), carried, orders, price, columns.pricedOrders(spec.pricing()));
    return new PricingPass(prices, priced, priceTotal, firstRows, columns, spec.pricing());
  }

  /**
   * The staged records of inputs whose statistics prove none invalid: one that is fails the tasks that read it, so
   * nothing is written or committed without it (a Parquet file whose statistics do not match its data);
   * {@link #INVALID_DESPITE_COUNT} says so.
   */
  static Dataset<Row> failingOnInvalid(Dataset<Row> staged) {
    return staged.filter(org.apache.spark.sql.functions.when(col("problem").isNull(), lit(true))
        .otherwise(org.apache.spark.sql.functions.raise_error(lit(INVALID_DESPITE_COUNT))));
  }

  /** The message of a pricing that met an invalid record where none could be. */
  static final String INVALID_DESPITE_COUNT = "order-pricing: an invalid record where none was counted";

  /** What each order carries past the pricing: its kept columns, then its file and position when asked for. */
  private StructType carried(InputPlan plan) {
    StructType kept = plan.columns().kept();
    return spec.sourceColumns() ? kept.add("source", DataTypes.StringType, false).add("position", DataTypes.LongType, false) : kept;
  }

  /** The valid records with what they carry as one struct, {@link StagedColumns#KEPT_COLUMN}. */
  private Dataset<Row> carriedOrders(Dataset<Row> staged, InputPlan plan) {
    Dataset<Row> valid = validOrders(staged, spec.sourceColumns());
    if (!spec.sourceColumns()) return valid;
    List<Column> fields = new java.util.ArrayList<>();
    for (StructField f : plan.columns().kept().fields()) fields.add(col(StagedColumns.KEPT_COLUMN).getField(f.name()).as(f.name()));
    fields.add(sourceNames(plan.files()).as("source"));
    fields.add(col("position"));
    return valid.select(col("id"), col("total"), col("discount"), org.apache.spark.sql.functions.struct(fields.toArray(Column[]::new)).as(StagedColumns.KEPT_COLUMN));
  }

  /** Each record's input file by the name it goes by in messages, from its index. */
  private static Column sourceNames(List<InputFile> files) {
    Column names = array(files.stream().map(f -> lit(f.displayName())).toArray(Column[]::new));
    return element_at(names, col("source").plus(1));
  }

  /** What the rejects written hold: how many, and the most common reasons. */
  record Rejects(long count, List<RejectCount> reasons) {}

  /**
   * The records not priced, with their reasons, counted as they are written: they must be all the others. Read again
   * from {@code stepped} only when there are any, without reporting id hashes (the pricing's reading did).
   */
  private Rejects writeRejects(Inputs inputs, InputPlan stepped, Prices prices, RunOutput result) {
    long rejected = inputs.records() - prices.count();
    if (rejected == 0) return new Rejects(0, List.of());
    Dataset<Row> staged = StagedOrdersSource.load(spark, stepped);
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

  /**
   * The rejects before the pricing, for an output whose write is its commit: written to {@code path} and counted on
   * the way. Where the inputs' measuring found none, nothing is written; with {@link OnInvalid#FAIL} the first
   * invalid record stops the run instead. Read from {@code stepped}, without reporting id hashes.
   */
  Rejects rejectsBeforePricing(Inputs inputs, InputPlan stepped, String path) {
    if (inputs.invalid().isPresent() && inputs.invalid().getAsLong() == 0) return new Rejects(0, List.of());
    Dataset<Row> staged = StagedOrdersSource.load(spark, stepped);
    if (spec.onInvalid() == OnInvalid.FAIL) {
      Optional<InvalidOrderException> first = firstInvalidIfAny(staged, inputs.plan());
      if (first.isPresent()) throw first.get();
      return new Rejects(0, List.of());
    }
    ReasonCounts reasons = new ReasonCounts();
    spark.sparkContext().register(reasons);
    writeJson(rejectsOf(staged, inputs.plan().files(), reasons).write(), path);
    long n = reasons.value().values().stream().mapToLong(Long::longValue).sum();
    if (inputs.invalid().isPresent() && n != inputs.invalid().getAsLong()) {
      throw new IllegalStateException("counts do not reconcile: " + inputs.invalid().getAsLong() + " invalid records found, " + n + " rejected");
    }
    return new Rejects(n, mostCommon(reasons));
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
    return validOrders(staged, false);
  }

  private static Dataset<Row> validOrders(Dataset<Row> staged, boolean withSource) {
    Dataset<Row> valid = staged.filter(col("problem").isNull());
    List<String> columns = new java.util.ArrayList<>(List.of("id", "total", "discount"));
    if (List.of(staged.columns()).contains(StagedColumns.KEPT_COLUMN)) columns.add(StagedColumns.KEPT_COLUMN);
    if (withSource) columns.addAll(List.of("source", "position"));
    return valid.select(columns.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }

  /** The first invalid record in input order: partitions are in input order, so the first one found in them. */
  private static InvalidOrderException firstInvalid(Dataset<Row> staged, InputPlan plan) {
    return firstInvalidIfAny(staged, plan).orElseThrow(() -> new IllegalStateException("counts do not reconcile: no invalid record found"));
  }

  private static Optional<InvalidOrderException> firstInvalidIfAny(Dataset<Row> staged, InputPlan plan) {
    List<Row> first = staged.filter(col("problem").isNotNull()).select("source", "position", "id", "problem").limit(1).collectAsList();
    return first.stream().findFirst()
        .map(r -> invalidOrder(new Profile.Invalid(r.getInt(0), r.getLong(1), r.getString(2), r.getString(3)), plan));
  }

  private static InvalidOrderException invalidOrder(Profile.Invalid invalid, InputPlan plan) {
    return new InvalidOrderException(plan.files().get(invalid.source()).displayName(), invalid.position(), invalid.id(), invalid.problem());
  }

  /** The rejects as they are written, their reasons counted on the way. */
  private static Dataset<Row> rejectsOf(Dataset<Row> staged, List<InputFile> files, ReasonCounts reasons) {
    UserDefinedFunction counted = udf((UDF1<String, String>) reason -> {
      reasons.add(reason);
      return reason;
    }, DataTypes.StringType).asNondeterministic(); // evaluated once a row, never folded or repeated by the optimizer
    return staged.filter(col("problem").isNotNull()).select(
        sourceNames(files).as("source"),
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
