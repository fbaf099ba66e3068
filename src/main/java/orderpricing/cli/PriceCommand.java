package orderpricing.cli;

import orderpricing.errors.OutputNotWritableException;
import orderpricing.errors.PricingException;
import orderpricing.errors.SparkStartException;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import orderpricing.pricing.Pricing;
import orderpricing.read.DataFormat;
import orderpricing.spark.FileSelection;
import orderpricing.spark.OutputFormat;
import orderpricing.spark.RejectLimit;
import orderpricing.spark.WriteMode;
import orderpricing.spark.internal.UserAppExit;
import orderpricing.spark.output.InputOverlap;
import orderpricing.spark.output.WholeFile;
import org.apache.hadoop.conf.Configuration;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OnInvalid;
import orderpricing.spark.OrderPricing;
import orderpricing.rates.RatesLookup;
import orderpricing.rates.RatesSource;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The command line: parses options, starts a session, runs the job, reports. Exit 0 ok, 1 failed run, 2 usage. */
@Command(
    name = "price",
    mixinStandardHelpOptions = true,
    version = "order-pricing 1.0",
    sortOptions = false,
    usageHelpWidth = 100,
    description = {
        "Prices orders (id, total, discount) from JSON, Parquet or CSV with a typed Spark map and writes them out in input order:",
        "  discount_amount = round(total x discount), tax = round((total - discount_amount) x tax rate),",
        "  price = round(total - discount_amount + tax), exact decimals rounded to the currency scale.",
        "Invalid records go to the rejects (JSON Lines: source, position, id, reason, record) or stop the run (--on-invalid fail).",
        ""},
    footer = {
        "",
        "Defaults come from conf/pricing.properties; Spark settings from conf/spark-defaults.conf, overridden by --conf.",
        "Exit codes: 0 success (also when orders were rejected), 1 the run failed (unreadable input, invalid order with",
        "--on-invalid fail, existing output, Spark failure), 2 usage error, 3 more rejects than --max-rejects allows."})
public final class PriceCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "PATH",
      description = "An input file or directory (its data files in name order). Repeatable; order is kept.")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--input-format", paramLabel = "FORMAT",
      description = "json, parquet or csv for all inputs. Default: by extension (.json .jsonl .ndjson .parquet .csv).")
  String inputFormat;

  @Option(names = "--output", required = true, paramLabel = "PATH",
      description = "Output directory (part files and _SUCCESS), or the Delta table with --output-format delta.")
  String output;

  @Option(names = "--output-format", paramLabel = "FORMAT",
      description = "parquet, json or csv (a directory), or delta (a Delta table). Default: ${DEFAULT-VALUE}.")
  String outputFormat;

  @Option(names = "--append", description = "Delta: add this run's orders to the table in one commit (making it if there is none).")
  boolean append;

  @Option(names = "--replace-where", paramLabel = "PREDICATE",
      description = {"Delta: replace only the table's rows matching PREDICATE (e.g. \"order_date = '2026-12-03'\") by this",
          "run's orders, in one commit; every order of the run must match it."})
  String replaceWhere;

  @Option(names = "--partition-by", paramLabel = "A,B",
      description = {"Kept columns whose values name the output's partitions (A=value/). A directory output with",
          "--overwrite replaces only the partitions this run's orders have."})
  List<String> partitionBy = new ArrayList<>();

  @Option(names = "--run-id", paramLabel = "ID",
      description = {"Delta: the scheduler's id for this run (e.g. Airflow's run id). A run whose id the table has",
          "committed commits nothing again: exit 0, \"already committed\"."})
  String runId;

  @Option(names = "--only-new-files", description = {"Delta, with --append: price only the input files the table has not recorded; the table",
      "records each commit's files (path, size, modification time) with it. A recorded file that has changed stops the run."})
  boolean onlyNewFiles;

  @Option(names = "--reprice-changed", description = "With --only-new-files: price recorded files that have changed since, again.")
  boolean repriceChanged;

  @Option(names = "--source-columns",
      description = "Add source (the input file) and position (the order's place in it) after the other columns.")
  boolean sourceColumns;

  @Option(names = "--rejects", paramLabel = "DIR", description = "Where rejected records go, as JSON Lines. Default: _rejects inside the output.")
  String rejects;

  @Option(names = "--on-invalid", paramLabel = "MODE", description = "reject (default: price the rest, reject the invalid) or fail (stop at the first).")
  String onInvalid;

  @Option(names = "--tax-rate", paramLabel = "RATE", description = "Tax rate, e.g. 0.1. Default: ${DEFAULT-VALUE}.")
  String taxRate;

  @Option(names = "--scale", paramLabel = "N", description = "Currency scale: decimals of the computed columns. Default: ${DEFAULT-VALUE}.")
  String scale;

  @Option(names = "--rounding", paramLabel = "MODE", description = "HALF_UP, HALF_EVEN, HALF_DOWN, UP, DOWN, CEILING or FLOOR. Default: ${DEFAULT-VALUE}.")
  String rounding;

  @Option(names = "--rates", paramLabel = "SOURCE",
      description = {"Customers' own rates, for orders without a discount: jdbc:postgresql://host:port/database (a table),",
          "or a Parquet, CSV or JSON file or directory with the columns customer_id and rate."})
  String rates;

  @Option(names = "--rates-table", paramLabel = "NAME", description = "The rates table (schema.table allowed). Default: customer_rates.")
  String ratesTable;

  @Option(names = "--rates-properties", paramLabel = "FILE",
      description = "JDBC connection properties for --rates: user, password, ssl, ... (a password is never taken from the command line).")
  Path ratesProperties;

  @Option(names = "--rates-lookup", paramLabel = "MODE",
      description = {"broadcast (read the table once, copy it to every executor) or executor (each executor looks its",
          "orders' customers up in PostgreSQL). Default: broadcast up to 1,000,000 customers, else executor."})
  String ratesLookup;

  @Option(names = "--keep-columns", paramLabel = "A,B",
      description = {"Input columns to copy unchanged into the output, after the priced ones, in this order (Parquet",
          "keeps their types; JSON and CSV values are kept as their text). Each input must have them."})
  List<String> keepColumns = new ArrayList<>();

  @Option(names = "--master", paramLabel = "URL", description = "Spark master. Default: local[*], or what spark-submit set.")
  String master;

  @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting, after conf/spark-defaults.conf. Repeatable.")
  Map<String, String> sparkConf = new java.util.LinkedHashMap<>();

  @Option(names = "--max-rejects", paramLabel = "N|P%",
      description = {"More rejected records than N, or than P%% of the input records, and nothing is written: exit 3.",
          "Default: no limit."})
  String maxRejects;

  @Option(names = "--summary", paramLabel = "FILE", description = "Also write the run's summary as JSON to FILE (a local or Hadoop path).")
  String summary;

  @Option(names = "--status", paramLabel = "FILE",
      description = {"Write the run record, JSON, to FILE (a local or Hadoop path) at the end of every run, failed ones",
          "too: status, exit_code, reason, counts, output, rejects, application_id, started, ended."})
  String status;

  @Option(names = "--overwrite", description = "Replace an existing output (only once the new one is complete).")
  boolean overwrite;

  @Option(names = "--preview", paramLabel = "N", description = "Rows of the output to show at the end. Default: ${DEFAULT-VALUE}.")
  String preview;

  @Option(names = "--verbose", description = "Spark's log and full stack traces.")
  boolean verbose;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec command;

  public static void main(String[] args) throws Exception {
    int code = run(args);
    // YARN's ApplicationMaster (cluster deploy mode) runs main in a thread and reports the application's final
    // status when main ends: an exit would pre-empt it and fail even a good run. There a good run returns, and a
    // failed one throws Spark's "user application exited with status N", which the ApplicationMaster reports as
    // FAILED with that code. Everywhere else the process exits with the job's own code.
    boolean yarnCluster = "cluster".equals(System.getProperty("spark.submit.deployMode"))
        && String.valueOf(System.getProperty("spark.master")).startsWith("yarn");
    if (!yarnCluster) System.exit(code);
    if (code != 0) throw UserAppExit.of(code);
  }

  /** Runs the command and returns its exit code (for tests and embedding; main exits with it). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new PriceCommand())
        .setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(Settings.pricingDefaults()))
        .setParameterExceptionHandler((e, a) -> {
          e.getCommandLine().getErr().println("order-pricing: " + e.getMessage().replace('\n', ' ') + " (see --help)");
          return 2;
        })
        .setExecutionExceptionHandler((e, cmd, parsed) -> {
          PriceCommand self = cmd.getCommand();
          cmd.getErr().println("order-pricing: " + Failures.describe(e));
          if (self.verbose) e.printStackTrace(cmd.getErr());
          return Failures.exitCode(e);
        });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws IOException {
    long start = System.nanoTime();
    RunRecord record = new RunRecord();
    record.paths(output, rejects != null ? rejects : JobSpec.defaultRejects(output));
    JobResult result;
    try {
      result = price(record, start);
    } catch (RuntimeException | IOException e) {
      try {
        writeRecord(record, Failures.exitCode(e), Failures.describe(e), null);
      } catch (RuntimeException notWritten) {
        command.commandLine().getErr().println("order-pricing: " + Failures.describe(notWritten));
      }
      throw e;
    }
    int code = result.committed() ? 0 : PricingException.OVER_REJECT_LIMIT;
    String reason = result.committed() ? null : overLimit(result);
    if (reason != null) command.commandLine().getErr().println("order-pricing: " + reason);
    writeRecord(record, code, reason, result);
    return code;
  }

  /** Starts a session (or uses the one running in this JVM), runs the job, reports; the record learns the session. */
  private JobResult price(RunRecord record, long start) throws IOException {
    JobSpec job = jobSpec();
    Logging.configure(verbose);
    // A session already running in this JVM (an embedding application, a test) is used and left running.
    boolean owned = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark;
    try {
      spark = Settings.session(master, sparkConf, job.outputFormat().isTable());
    } catch (RuntimeException e) {
      throw new SparkStartException(master != null ? master : System.getProperty("spark.master", "local[*]"), e);
    }
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    record.session(spark.sparkContext().applicationId(), conf);
    int exitCode = PricingException.FAILED;
    try {
      requireWritable("--summary", summary, job, conf);
      requireWritable("--status", status, job, conf);
      JobResult result = OrderPricing.get(spark).job(job).run();
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      Report.print(result, elapsedMs, command.commandLine().getOut());
      if (summary != null) Report.writeJson(result, elapsedMs, summary, conf);
      exitCode = result.committed() ? 0 : PricingException.OVER_REJECT_LIMIT;
      return result;
    } catch (RuntimeException | IOException e) {
      exitCode = Failures.exitCode(e);
      throw e;
    } finally {
      // With the run's exit code: in YARN client mode it decides whether the application ends SUCCEEDED or FAILED.
      if (owned) spark.sparkContext().stop(exitCode);
    }
  }

  private String overLimit(JobResult r) {
    return String.format("%,d of %,d input records rejected, more than --max-rejects %s allows; nothing written", r.rejected(),
        r.inputRecords(), maxRejects.strip());
  }

  /** The run record, when one is asked for; a run whose record cannot be written has failed, for its scheduler. */
  private void writeRecord(RunRecord record, int code, String reason, JobResult result) {
    if (status == null) return;
    try {
      record.write(status, code, reason, result);
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
      throw new OutputNotWritableException(status, "the run record: " + why, e);
    }
  }

  /**
   * The summary and the run record are written after the commit: a path that cannot take them is refused before the
   * run, not after.
   */
  private void requireWritable(String option, String path, JobSpec job, Configuration conf) throws IOException {
    if (path == null) return;
    try {
      InputOverlap.requireApart(job.inputs(), List.of(path), conf);
      InputOverlap.requireOutside(List.of(job.output(), job.rejects()), path, conf);
      String problem = WholeFile.at(path, conf).problem();
      if (problem != null) throw new CommandLine.ParameterException(command.commandLine(), option + " " + path + ": " + problem);
    } catch (RuntimeException e) {
      if (path.equals(status)) status = null; // no record where none may be written: the one line says why
      throw e;
    }
  }

  /** Turns option text into a job spec; a bad value is a usage error naming the option. */
  private JobSpec jobSpec() {
    CommandLine cmd = command.commandLine();
    DataFormat in = inputFormat == null ? null : choice(cmd, "--input-format", inputFormat, DataFormat.class);
    OutputFormat out = choice(cmd, "--output-format", outputFormat, OutputFormat.class);
    OnInvalid mode = choice(cmd, "--on-invalid", onInvalid, OnInvalid.class);
    RoundingMode round = choice(cmd, "--rounding", rounding, RoundingMode.class);
    BigDecimal rate;
    try {
      rate = new BigDecimal(taxRate.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(cmd, "--tax-rate: not a number: '" + taxRate + "'");
    }
    int s = integer(cmd, "--scale", scale);
    int rows = integer(cmd, "--preview", preview);
    if (rows < 0) throw new CommandLine.ParameterException(cmd, "--preview: must be 0 or more rows: '" + preview + "'");
    Pricing pricing;
    try {
      pricing = new Pricing(rate, s, round);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    String tooWide = pricing.digitsProblem();
    if (tooWide != null) {
      throw new CommandLine.ParameterException(cmd, "--tax-rate " + rate.toPlainString() + " with --scale " + s + ": "
          + tooWide + "; lower --tax-rate or --scale");
    }
    JobSpec.Builder spec = JobSpec.builder(inputs, output).inputFormat(in).outputFormat(out).rejects(rejects).mode(writeMode(cmd, out))
        .onInvalid(mode).pricing(pricing).previewRows(rows).rates(ratesSource(cmd))
        .ratesLookup(ratesLookup == null ? null : choice(cmd, "--rates-lookup", ratesLookup, RatesLookup.class))
        .keepColumns(keepColumns(cmd)).maxRejects(rejectLimit(cmd)).partitionBy(partitionBy(cmd)).runId(runId)
        .files(fileSelection(cmd)).sourceColumns(sourceColumns);
    try {
      return spec.build();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }

  /** --overwrite, --append and --replace-where: at most one, and the last two for a table only. */
  private WriteMode writeMode(CommandLine cmd, OutputFormat format) {
    List<String> given = new ArrayList<>();
    if (overwrite) given.add("--overwrite");
    if (append) given.add("--append");
    if (replaceWhere != null) given.add("--replace-where");
    if (given.size() > 1) throw new CommandLine.ParameterException(cmd, String.join(" and ", given) + ": give one of them");
    if (!format.isTable()) {
      String tableOnly = append ? "--append" : replaceWhere != null ? "--replace-where" : runId != null ? "--run-id"
          : onlyNewFiles ? "--only-new-files" : null;
      if (tableOnly != null) throw new CommandLine.ParameterException(cmd, tableOnly + " needs --output-format delta");
    }
    if (onlyNewFiles && !append) throw new CommandLine.ParameterException(cmd, "--only-new-files needs --append");
    if (repriceChanged && !onlyNewFiles) throw new CommandLine.ParameterException(cmd, "--reprice-changed needs --only-new-files");
    if (runId != null && runId.isBlank()) throw new CommandLine.ParameterException(cmd, "--run-id: an empty id");
    if (replaceWhere != null && replaceWhere.isBlank()) throw new CommandLine.ParameterException(cmd, "--replace-where: an empty predicate");
    if (overwrite) return WriteMode.OVERWRITE;
    if (append) return WriteMode.APPEND;
    return replaceWhere != null ? new WriteMode.ReplaceWhere(replaceWhere) : WriteMode.CREATE;
  }

  private FileSelection fileSelection(CommandLine cmd) {
    if (!onlyNewFiles) return FileSelection.ALL;
    return repriceChanged ? FileSelection.NEW_AND_CHANGED : FileSelection.NEW;
  }

  /** --partition-by names kept columns: each must be one, once. */
  private List<String> partitionBy(CommandLine cmd) {
    List<String> names = columnNames(partitionBy);
    List<String> kept = keepColumns(cmd);
    for (String name : names) {
      if (name.isEmpty()) throw new CommandLine.ParameterException(cmd, "--partition-by: an empty column name");
      if (!kept.contains(name)) {
        throw new CommandLine.ParameterException(cmd, "--partition-by " + name + ": not a kept column; name it in --keep-columns too");
      }
    }
    return names;
  }

  /** --rates and the options that go with it; a misuse is a usage error naming the option. */
  private RatesSource ratesSource(CommandLine cmd) {
    if (rates == null) {
      String orphan = ratesTable != null ? "--rates-table" : ratesProperties != null ? "--rates-properties"
          : ratesLookup != null ? "--rates-lookup" : null;
      if (orphan != null) throw new CommandLine.ParameterException(cmd, orphan + " needs --rates");
      return null;
    }
    if ("executor".equalsIgnoreCase(String.valueOf(ratesLookup).strip()) && !rates.startsWith("jdbc:")) {
      throw new CommandLine.ParameterException(cmd, "--rates-lookup executor needs a jdbc:postgresql: source; files are broadcast");
    }
    try {
      return RatesSource.parse(rates, ratesTable, ratesProperties);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--rates: " + e.getMessage());
    }
  }

  private RejectLimit rejectLimit(CommandLine cmd) {
    if (maxRejects == null) return RejectLimit.none();
    try {
      return RejectLimit.parse(maxRejects);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--max-rejects: " + e.getMessage());
    }
  }

  /** Column names as given, comma-separated and repeatable; empty names kept, for the checks to refuse. */
  private static List<String> columnNames(List<String> given) {
    return given.stream().flatMap(list -> java.util.Arrays.stream(list.split(",", -1))).map(String::strip).toList();
  }

  private List<String> keepColumns(CommandLine cmd) {
    // Split here, not by picocli: its split, like String.split, drops empty names, so ",," would mean no columns.
    List<String> names = columnNames(keepColumns);
    try {
      return JobSpec.checkedKeepColumns(names);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--keep-columns: " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E choice(CommandLine cmd, String option, String value, Class<E> type) {
    try {
      return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> names = new ArrayList<>();
      for (E c : type.getEnumConstants()) if (c != RoundingMode.UNNECESSARY) names.add(c.name().toLowerCase(java.util.Locale.ROOT));
      throw new CommandLine.ParameterException(cmd, option + ": '" + value + "' is not one of " + String.join(", ", names));
    }
  }

  private static int integer(CommandLine cmd, String option, String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new CommandLine.ParameterException(cmd, option + ": not a whole number: '" + value + "'");
    }
  }
}
