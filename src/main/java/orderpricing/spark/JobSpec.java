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
 * @param inputs      files or directories, in input order
 * @param inputFormat forces one format for all inputs; null means by file extension
 * @param rejects     where rejects go; null means {@link #defaultRejects(String)}
 * @param rates       customers' own discount rates, for orders without a discount of their own; null means none
 * @param ratesLookup how the rates are looked up; null means by the table's size
 * @param keepColumns input columns copied unchanged into the output after the priced ones, in this order; none may
 *                    be empty, named twice, or be one of the priced columns
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
    List<String> keepColumns) {

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
  }

  public JobSpec(List<String> inputs, DataFormat inputFormat, String output, DataFormat outputFormat, String rejects,
      boolean overwrite, OnInvalid onInvalid, Pricing pricing, int previewRows) {
    this(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, null, null, List.of());
  }

  public static JobSpec of(List<String> inputs, String output) {
    return new JobSpec(inputs, null, output, DataFormat.PARQUET, null, false, OnInvalid.REJECT, Pricing.standard(), 5);
  }

  public JobSpec withOutputFormat(DataFormat format) {
    return new JobSpec(inputs, inputFormat, output, format, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, keepColumns);
  }

  public JobSpec withOverwrite(boolean overwrite) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, keepColumns);
  }

  public JobSpec withOnInvalid(OnInvalid onInvalid) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, keepColumns);
  }

  public JobSpec withPricing(Pricing pricing) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, keepColumns);
  }

  public JobSpec withInputFormat(DataFormat format) {
    return new JobSpec(inputs, format, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, keepColumns);
  }

  public JobSpec withPreviewRows(int rows) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, rows, rates, ratesLookup, keepColumns);
  }

  /** Prices orders without a discount of their own at their customer's rate from this source. */
  public JobSpec withRates(RatesSource source, RatesLookup lookup) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, source, lookup, keepColumns);
  }

  public JobSpec withKeepColumns(List<String> columns) {
    return new JobSpec(inputs, inputFormat, output, outputFormat, rejects, overwrite, onInvalid, pricing, previewRows, rates, ratesLookup, columns);
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
