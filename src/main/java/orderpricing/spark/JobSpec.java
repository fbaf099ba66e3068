package orderpricing.spark;

import orderpricing.read.DataFormat;
import orderpricing.spark.output.RunOutput;

import java.util.List;
import java.util.Objects;
import orderpricing.pricing.Pricing;
import orderpricing.rates.RatesLookup;
import orderpricing.rates.RatesSource;

/**
 * What one pricing run reads, how it prices, and where it writes.
 *
 * <p>Made with {@link #builder(List, String)}, or {@link #of(List, String)} for the defaults; {@link #toBuilder()}
 * starts from an existing spec. The constructor checks every spec, however it is made.
 *
 * @param inputs      files or directories, in input order
 * @param inputFormat forces one format for all inputs; null means by file extension
 * @param rejects     where rejects go; null means {@link #defaultRejects(String)}
 * @param rates       customers' own discount rates, for orders without a discount of their own; null means none
 * @param ratesLookup how the rates are looked up; null means by the table's size
 * @param keepColumns input columns copied unchanged into the output after the priced ones, in this order; none may
 *                    be empty, named twice, or be one of the priced columns
 * @param maxRejects  more rejects than this and nothing is committed
 * @param mode        what the run does to what is at the output already; appending and replacing some rows need a
 *                    table
 * @param partitionBy kept columns whose values name the output's partitions ({@code order_date=2026-12-03/}), in
 *                    this order
 * @param runId       a table commit's idempotency key: a run whose id the table has committed commits nothing;
 *                    null means none
 * @param files       which input files are priced: all, or those the table has not recorded (when appending)
 * @param sourceColumns whether each order carries its input file and position, as the rejects do ({@code source},
 *                    {@code position}), after the kept columns
 */
public record JobSpec(
    List<String> inputs,
    DataFormat inputFormat,
    String output,
    OutputFormat outputFormat,
    String rejects,
    WriteMode mode,
    OnInvalid onInvalid,
    Pricing pricing,
    int previewRows,
    RatesSource rates,
    RatesLookup ratesLookup,
    List<String> keepColumns,
    RejectLimit maxRejects,
    List<String> partitionBy,
    String runId,
    FileSelection files,
    boolean sourceColumns) {

  public JobSpec {
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(outputFormat, "outputFormat");
    Objects.requireNonNull(onInvalid, "onInvalid");
    Objects.requireNonNull(pricing, "pricing");
    if (inputs.isEmpty()) throw new IllegalArgumentException("at least one input is needed");
    requireRoomForPrices(pricing);
    if (rejects == null) rejects = defaultRejects(output);
    previewRows = Math.max(0, previewRows); // none asked for, however it is written
    keepColumns = keepColumns == null ? List.of() : KeptColumns.checked(keepColumns);
    if (maxRejects == null) maxRejects = RejectLimit.none();
    if (mode == null) mode = WriteMode.CREATE;
    if (files == null) files = FileSelection.ALL;
    partitionBy = partitionBy == null ? List.of() : List.copyOf(partitionBy);
    requireTableFor(outputFormat, mode, runId, files);
    requireKept(partitionBy, keepColumns);
    if (sourceColumns) requireFree(SOURCE_COLUMNS, keepColumns);
  }

  /** The columns {@code sourceColumns} adds. */
  public static final List<String> SOURCE_COLUMNS = List.of("source", "position");

  /** Whether an existing output is replaced whole. */
  public boolean overwrite() {
    return mode instanceof WriteMode.Overwrite;
  }

  /** Appending, replacing some rows, run ids and new-file runs are what a table can do and a directory cannot. */
  private static void requireTableFor(OutputFormat format, WriteMode mode, String runId, FileSelection files) {
    if (runId != null && runId.isBlank()) throw new IllegalArgumentException("an empty run id");
    if (format.isTable()) {
      if (files.onlyNew() && !(mode instanceof WriteMode.Append)) throw new IllegalArgumentException("only new files are priced when appending");
      return;
    }
    String needsTable = mode instanceof WriteMode.Append ? "appending" : mode instanceof WriteMode.ReplaceWhere ? "replacing some rows"
        : runId != null ? "a run id" : files.onlyNew() ? "only new files" : null;
    if (needsTable != null) {
      throw new IllegalArgumentException(needsTable + " needs a table: output format delta, not a " + format.optionName() + " directory");
    }
  }

  private static void requireKept(List<String> partitionBy, List<String> kept) {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String c : partitionBy) {
      if (!kept.contains(c)) throw new IllegalArgumentException("partition column " + c + " is not a kept column");
      if (!seen.add(c)) throw new IllegalArgumentException("partition column " + c + " is named twice");
    }
  }

  private static void requireFree(List<String> names, List<String> kept) {
    for (String k : kept) {
      if (names.contains(k.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("kept column " + k + " has the name of a source column");
      }
    }
  }

  /** A spec with every option at its default: {@code builder(inputs, output).build()}. */
  public static JobSpec of(List<String> inputs, String output) {
    return builder(inputs, output).build();
  }

  /** A builder with every option at its default, as the command line has them. */
  public static Builder builder(List<String> inputs, String output) {
    return new Builder(inputs, output);
  }

  /** A builder holding this spec's values, for a spec that differs in some options. */
  public Builder toBuilder() {
    return new Builder(inputs, output).inputFormat(inputFormat).outputFormat(outputFormat).rejects(rejects)
        .mode(mode).onInvalid(onInvalid).pricing(pricing).previewRows(previewRows).rates(rates)
        .ratesLookup(ratesLookup).keepColumns(keepColumns).maxRejects(maxRejects).partitionBy(partitionBy).runId(runId)
        .files(files).sourceColumns(sourceColumns);
  }

  /**
   * Collects a spec's options, one setter for each component of the same name; {@link #build()} checks them, in the
   * spec's constructor. The inputs and the output are fixed when it starts: the default rejects follow the output.
   */
  public static final class Builder {
    private final List<String> inputs;
    private final String output;
    private DataFormat inputFormat;
    private OutputFormat outputFormat = OutputFormat.PARQUET;
    private String rejects;
    private WriteMode mode = WriteMode.CREATE;
    private OnInvalid onInvalid = OnInvalid.REJECT;
    private Pricing pricing = Pricing.standard();
    private int previewRows = 5;
    private RatesSource rates;
    private RatesLookup ratesLookup;
    private List<String> keepColumns = List.of();
    private RejectLimit maxRejects = RejectLimit.none();
    private List<String> partitionBy = List.of();
    private String runId;
    private FileSelection files = FileSelection.ALL;
    private boolean sourceColumns;

    private Builder(List<String> inputs, String output) {
      this.inputs = inputs;
      this.output = output;
    }

    public Builder inputFormat(DataFormat format) {
      this.inputFormat = format;
      return this;
    }

    /** A directory of part files in this format. */
    public Builder outputFormat(DataFormat format) {
      return outputFormat(OutputFormat.of(format));
    }

    public Builder outputFormat(OutputFormat format) {
      this.outputFormat = format;
      return this;
    }

    public Builder rejects(String rejects) {
      this.rejects = rejects;
      return this;
    }

    /** Replaces an existing output whole ({@link WriteMode#OVERWRITE}), or refuses one ({@link WriteMode#CREATE}). */
    public Builder overwrite(boolean overwrite) {
      return mode(overwrite ? WriteMode.OVERWRITE : WriteMode.CREATE);
    }

    public Builder mode(WriteMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder onInvalid(OnInvalid onInvalid) {
      this.onInvalid = onInvalid;
      return this;
    }

    public Builder pricing(Pricing pricing) {
      this.pricing = pricing;
      return this;
    }

    public Builder previewRows(int rows) {
      this.previewRows = rows;
      return this;
    }

    /** Prices orders without a discount of their own at their customer's rate from this source. */
    public Builder rates(RatesSource source) {
      this.rates = source;
      return this;
    }

    public Builder ratesLookup(RatesLookup lookup) {
      this.ratesLookup = lookup;
      return this;
    }

    public Builder keepColumns(List<String> columns) {
      this.keepColumns = columns;
      return this;
    }

    public Builder maxRejects(RejectLimit limit) {
      this.maxRejects = limit;
      return this;
    }

    public Builder partitionBy(List<String> columns) {
      this.partitionBy = columns;
      return this;
    }

    public Builder runId(String runId) {
      this.runId = runId;
      return this;
    }

    public Builder files(FileSelection files) {
      this.files = files;
      return this;
    }

    public Builder sourceColumns(boolean sourceColumns) {
      this.sourceColumns = sourceColumns;
      return this;
    }

    public JobSpec build() {
      return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, mode, onInvalid, pricing, previewRows,
          rates, ratesLookup, keepColumns, maxRejects, partitionBy, runId, files, sourceColumns);
    }
  }

  /**
   * Spark's decimals hold 38 digits: a pricing whose prices of the largest valid totals need more cannot run, and
   * is refused before any Spark job rather than in a task.
   */
  static void requireRoomForPrices(Pricing pricing) {
    String tooWide = pricing.digitsProblem();
    if (tooWide != null) {
      throw new IllegalArgumentException("tax rate " + pricing.taxRate().toPlainString() + " with scale " + pricing.scale() + ": " + tooWide);
    }
  }

  /** The names as a spec takes them for {@code keepColumns}, or why it cannot. */
  public static List<String> checkedKeepColumns(List<String> names) {
    return KeptColumns.checked(names);
  }

  /**
   * Rejects live inside the output, {@code out/prices/_rejects}, where readers of the output skip them: one directory
   * holds the run's whole result and is committed in one step.
   */
  public static String defaultRejects(String output) {
    String trimmed = output.endsWith("/") ? output.substring(0, output.length() - 1) : output;
    return trimmed + "/" + RunOutput.REJECTS;
  }
}
