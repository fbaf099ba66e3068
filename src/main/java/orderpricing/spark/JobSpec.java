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
 */
public record JobSpec(
    List<String> inputs,
    DataFormat inputFormat,
    String output,
    DataFormat outputFormat,
    String rejects,
    boolean overwrite,
    OnInvalid onInvalid,
    Pricing pricing,
    int previewRows,
    RatesSource rates,
    RatesLookup ratesLookup,
    List<String> keepColumns,
    RejectLimit maxRejects) {

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
        .overwrite(overwrite).onInvalid(onInvalid).pricing(pricing).previewRows(previewRows).rates(rates)
        .ratesLookup(ratesLookup).keepColumns(keepColumns).maxRejects(maxRejects);
  }

  /**
   * Collects a spec's options, one setter for each component of the same name; {@link #build()} checks them, in the
   * spec's constructor. The inputs and the output are fixed when it starts: the default rejects follow the output.
   */
  public static final class Builder {
    private final List<String> inputs;
    private final String output;
    private DataFormat inputFormat;
    private DataFormat outputFormat = DataFormat.PARQUET;
    private String rejects;
    private boolean overwrite;
    private OnInvalid onInvalid = OnInvalid.REJECT;
    private Pricing pricing = Pricing.standard();
    private int previewRows = 5;
    private RatesSource rates;
    private RatesLookup ratesLookup;
    private List<String> keepColumns = List.of();
    private RejectLimit maxRejects = RejectLimit.none();

    private Builder(List<String> inputs, String output) {
      this.inputs = inputs;
      this.output = output;
    }

    public Builder inputFormat(DataFormat format) {
      this.inputFormat = format;
      return this;
    }

    public Builder outputFormat(DataFormat format) {
      this.outputFormat = format;
      return this;
    }

    public Builder rejects(String rejects) {
      this.rejects = rejects;
      return this;
    }

    public Builder overwrite(boolean overwrite) {
      this.overwrite = overwrite;
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

    public JobSpec build() {
      return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows,
          rates, ratesLookup, keepColumns, maxRejects);
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
