package orderpricing.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.array;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
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
    AtomicOutput output = AtomicOutput.prepare(spec.output(), spec.overwrite(), hadoop);
    AtomicOutput rejects = AtomicOutput.prepare(spec.rejects(), spec.overwrite(), hadoop);

    List<InputFile> files = InputFiles.resolve(spec.inputs(), spec.inputFormat(), hadoop);
    LOG.info("Reading {} input file(s)", files.size());
    Dataset<Row> staged = StagedOrders.read(spark, files);

    Profile profile = Profile.of(staged);
    LOG.info("{} input records, {} invalid", profile.records(), profile.invalid());
    if (profile.invalid() > 0 && spec.onInvalid() == OnInvalid.FAIL) {
      Row first = profile.firstInvalid();
      throw new InvalidOrderException(files.get(first.getInt(0)).displayName(), first.getLong(1), first.getString(2), first.getString(3));
    }

    LongAccumulator priced = spark.sparkContext().longAccumulator("priced orders");
    DecimalSum priceTotal = new DecimalSum();
    spark.sparkContext().register(priceTotal, "price total");
    try {
      Dataset<Row> prices = OrderPricing.get(spark)
          .price(validOrders(staged), new PriceOrders(spec.pricing(), priced, priceTotal))
          .select(OutputColumns.of(spec.pricing(), profile));
      LOG.info("Pricing {} orders into {}", profile.records() - profile.invalid(), output.path());
      write(prices.write(), spec.outputFormat(), output.stagingPath());
      if (profile.invalid() > 0) {
        write(rejectsOf(staged, files).write(), InputFormat.JSON, rejects.stagingPath());
      } else {
        rejects.writeEmpty();
      }
      if (priced.value() + profile.invalid() != profile.records()) {
        throw new IllegalStateException("counts do not reconcile: " + priced.value() + " priced + " + profile.invalid()
            + " rejected != " + profile.records() + " input records");
      }
      rejects.commit();
      output.commit();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot commit " + output.path() + ": " + e.getMessage(), e);
    } finally {
      output.abort();
      rejects.abort();
    }
    List<Row> preview = preview(output.path());
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;
    return new JobResult(profile.records(), priced.value(), profile.invalid(), profile.duplicateIds(),
        priceTotal.value().setScale(spec.pricing().scale()), elapsedMs, spec.output(), spec.rejects(),
        List.of("id", "total", "discount", "discount_amount", "tax", "price"), preview);
  }

  private static Dataset<Order> validOrders(Dataset<Row> staged) {
    return staged.filter(col("problem").isNull()).select("id", "total", "discount").as(Encoders.bean(Order.class));
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

  private static void write(DataFrameWriter<Row> writer, InputFormat format, String path) {
    writer.mode(SaveMode.ErrorIfExists);
    if (format == InputFormat.CSV) writer.option("header", "true");
    writer.format(format.sparkName()).save(path);
  }

  /** The first rows of the committed output, read from its first part file: nothing else comes to the driver. */
  private List<Row> preview(String outputPath) {
    if (spec.previewRows() <= 0) return List.of();
    try {
      Path dir = new Path(outputPath);
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus[] parts = fs.listStatus(dir, p -> p.getName().startsWith("part-"));
      if (parts.length == 0) return List.of();
      Arrays.sort(parts, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus part : parts) {
        if (part.getLen() == 0) continue;
        var reader = spark.read().format(spec.outputFormat().sparkName());
        if (spec.outputFormat() == InputFormat.CSV) reader = reader.option("header", "true");
        if (spec.outputFormat() == InputFormat.JSON) reader = reader.option("prefersDecimal", "true");
        List<Row> rows = reader.load(part.getPath().toString()).limit(spec.previewRows()).collectAsList();
        if (!rows.isEmpty()) return rows;
      }
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
