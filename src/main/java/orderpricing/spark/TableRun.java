package orderpricing.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import orderpricing.rates.CustomerRates;
import orderpricing.spark.PricingJob.Inputs;
import orderpricing.spark.PricingJob.PricingPass;
import orderpricing.spark.PricingJob.Prices;
import orderpricing.spark.PricingJob.Rejects;
import orderpricing.spark.input.InputFile;
import orderpricing.spark.input.InputFiles;
import orderpricing.spark.input.IdHashes;
import orderpricing.spark.input.InputPlan;
import orderpricing.spark.input.StagedOrdersSource;
import orderpricing.spark.output.OutputLock;
import orderpricing.spark.output.RejectsDir;
import orderpricing.spark.stats.DuplicateIdCount;
import orderpricing.spark.table.DeltaOutput;
import orderpricing.spark.table.FileLedger;
import orderpricing.spark.table.RunKey;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run into a table, where writing the orders is their commit. So the order of steps differs from a directory's:
 * the rejects are written and counted first (a run over its reject limit stops before anything is committed), then
 * committed, in a directory of the run's own; the file ledger's entry is written; and last the orders go in, in
 * one commit that carries the run's key. A run whose key the table has committed does nothing.
 */
final class TableRun {
  private static final Logger LOG = LoggerFactory.getLogger(TableRun.class);

  private final PricingJob job;
  private final SparkSession spark;
  private final JobSpec spec;
  private final List<InputFile> files;
  private final long start;
  private final RunKey key;

  TableRun(PricingJob job, List<InputFile> files, long start) {
    this.job = job;
    this.spark = job.spark();
    this.spec = job.spec();
    this.files = files;
    this.start = start;
    this.key = spec.runId() != null ? RunKey.given(spec.runId()) : RunKey.fresh(Instant.now());
  }

  JobResult run() {
    DeltaOutput table = DeltaOutput.open(spark, spec.output(), spec.mode(), spec.partitionBy());
    if (spec.runId() != null && table.committed(key.appId())) {
      LOG.info("Run {} is committed to {} already: nothing to do", spec.runId(), spec.output());
      return nothingDone(JobResult.Outcome.ALREADY_COMMITTED);
    }
    if (!spec.files().onlyNew()) return price(table, files, Optional.empty());
    // Which files are new is read, and the run's entry written, under the table's lock: two runs never price one file.
    try (OutputLock lock = job.lock()) {
      FileLedger ledger = FileLedger.of(table, conf());
      List<FileLedger.PricedFile> fresh = ledger.unpriced(files, spec.files(), conf());
      LOG.info("{} of {} input files are new to {}", fresh.size(), files.size(), spec.output());
      if (fresh.isEmpty()) return nothingDone(JobResult.Outcome.NO_NEW_FILES);
      Set<String> paths = new HashSet<>();
      fresh.forEach(f -> paths.add(f.path()));
      return price(table, InputFiles.only(files, paths), Optional.of(new Ledger(ledger, fresh, lock)));
    }
  }

  /** The ledger, this run's files for it, and the lock held while both are in use. */
  private record Ledger(FileLedger ledger, List<FileLedger.PricedFile> files, OutputLock lock) {}

  /**
   * Prices the files into the table. Where the Parquet statistics prove every record valid, no pass is made before
   * the pricing; should a record be invalid all the same (statistics that do not match their data), the pricing
   * fails before its commit and the run is made again with the pass.
   */
  private JobResult price(DeltaOutput table, List<InputFile> toPrice, Optional<Ledger> ledger) {
    // Not with customer rates (the statistics say nothing of which customers have one) nor with a ledger (its entry
    // is written before the pricing, so a second attempt could not write it again).
    if (spec.rates() == null && ledger.isEmpty()) {
      try {
        return price(table, toPrice, ledger, true);
      } catch (RuntimeException e) {
        if (!invalidDespiteStatistics(e)) throw e;
        LOG.warn("An input's Parquet statistics do not match its records: reading them for their invalid records first");
      }
    }
    return price(table, toPrice, ledger, false);
  }

  private static boolean invalidDespiteStatistics(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains(PricingJob.INVALID_DESPITE_COUNT)) return true;
    }
    return false;
  }

  private JobResult price(DeltaOutput table, List<InputFile> toPrice, Optional<Ledger> ledger, boolean trustStatistics) {
    String rejectsPath = rejectsPath();
    RejectsDir rejectsDir = RejectsDir.prepare(rejectsPath, conf());
    try (CustomerRates rates = spec.rates() == null ? CustomerRates.none() : spec.rates().open(spark, spec.ratesLookup())) {
      InputPlan plan = job.planInputs(toPrice);
      job.requireWritable(plan);
      // Unless statistics prove none invalid, the one pass before the pricing measures the inputs and counts the
      // invalid records (orders without a usable customer rate included), so a run without any writes no rejects.
      boolean proven = trustStatistics && plan.validByStatistics();
      Inputs inputs = proven ? job.declared(plan, rates).noneInvalid() : job.measured(plan, rates, true);
      InputPlan stepped = inputs.plan().withStep(rates.records(), inputs.discount());
      // Counted as a directory run counts them: in the measuring pass, from the pricing's reading, or beside it.
      IdHashes hashes = job.counting().whilePricing(inputs);
      DuplicateIdCount duplicates = job.counting().forPricing(inputs, hashes);
      Dataset<Row> read = StagedOrdersSource.load(spark, stepped, null, hashes);
      Dataset<Row> staged = proven ? PricingJob.failingOnInvalid(read) : read;
      try {
        Rejects rejects = job.rejectsBeforePricing(inputs, stepped, rejectsDir.staging());
        if (spec.maxRejects().exceededBy(rejects.count(), inputs.records())) {
          LOG.warn("{} of {} input records rejected, more than the limit of {}: nothing is committed", rejects.count(),
              inputs.records(), spec.maxRejects());
          // Not priced: the orders that would have been, and no total.
          Prices unpriced = new Prices(inputs.records() - rejects.count(), java.math.BigDecimal.ZERO.setScale(spec.pricing().scale()), List.of());
          return job.result(inputs, unpriced, rejects,
              duplicates.value(), rates, start, rejectsPath, JobResult.Outcome.OVER_REJECT_LIMIT, toPrice.size(), OptionalLong.empty());
        }
        if (rejects.count() > 0) rejectsDir.commit(rejects.count());
        ledger.ifPresent(l -> l.ledger().record(key, l.files(), conf()));
        PricingPass pass = job.pricing(inputs, staged);
        LOG.info("Pricing into {}", spec.output());
        // A run that lost the lock (stalled past its expiry) may have had its files priced by the next: it commits nothing.
        ledger.ifPresent(l -> l.lock().requireHeld());
        DeltaOutput.Commit commit = table.write(table.fitted(pass.rows(), spec.pricing().scale()), txnKey(ledger), userMetadata(toPrice));
        if (commit.skipped()) {
          LOG.info("Run {} was committed to {} meanwhile, by another attempt: nothing added", spec.runId(), spec.output());
          return nothingDone(JobResult.Outcome.ALREADY_COMMITTED);
        }
        Prices prices = pass.counted(inputs.records());
        if (prices.count() + rejects.count() != inputs.records()) {
          throw new IllegalStateException("counts do not reconcile: " + inputs.records() + " input records, " + prices.count()
              + " priced, " + rejects.count() + " rejected");
        }
        return job.result(inputs, prices, rejects, duplicates.value(), rates, start, rejects.count() > 0 ? rejectsPath : null,
            JobResult.Outcome.COMMITTED, toPrice.size(), commit.version());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot commit the rejects of " + spec.output() + " to " + rejectsPath + ": " + e.getMessage(), e);
      } finally {
        duplicates.cancel();
      }
    } finally {
      rejectsDir.abort();
    }
  }

  /** The commit's idempotency key: the scheduler's run id, or the run's own when its ledger entry depends on it. */
  private Optional<RunKey> txnKey(Optional<Ledger> ledger) {
    return spec.runId() != null || ledger.isPresent() ? Optional.of(key) : Optional.empty();
  }

  /** What the commit says of the run in the table's history: its key and how many files it priced; no order data. */
  private String userMetadata(List<InputFile> priced) {
    return "{\"order_pricing_run\":\"" + key.runId().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"files\":" + priced.size() + "}";
  }

  /** This run's rejects: a directory of their own under the table's rejects directory, named by the run. */
  private String rejectsPath() {
    String parent = spec.rejects().endsWith("/") ? spec.rejects().substring(0, spec.rejects().length() - 1) : spec.rejects();
    return parent + "/" + key.fileName();
  }

  private JobResult nothingDone(JobResult.Outcome outcome) {
    return JobResult.nothingDone(outcome, (System.nanoTime() - start) / 1_000_000, spec.output(), null);
  }

  private Configuration conf() {
    return spark.sparkContext().hadoopConfiguration();
  }
}
