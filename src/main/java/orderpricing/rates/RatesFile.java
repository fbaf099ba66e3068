package orderpricing.rates;

import orderpricing.errors.RatesException;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Customer rates in a file or a directory of files: Parquet, CSV with a header row, or JSON Lines, told by the
 * extension (of the directory's data files for a directory), with the columns customer_id and rate. Read once,
 * whole, and broadcast. Every value is taken by its text, so a rate that is no number is reported as it was written.
 */
final class RatesFile implements RatesSource {
  private final String path;

  RatesFile(String path) {
    this.path = path;
  }

  @Override
  public String describe() {
    return path;
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public CustomerRates open(SparkSession spark, RatesLookup lookup) {
    if (lookup == RatesLookup.EXECUTOR) {
      throw new RatesException("rates file " + path + ": executor lookups need a PostgreSQL table; a file is broadcast");
    }
    String format = format(spark);
    Dataset<Row> raw;
    try {
      raw = switch (format) {
        case "parquet" -> spark.read().parquet(path);
        case "csv" -> spark.read().option("header", "true").csv(path);
        default -> spark.read().option("primitivesAsString", "true").json(path);
      };
    } catch (RuntimeException e) {
      throw new RatesException("cannot read the rates file " + path + ": " + RatesException.reason(e), e);
    }
    List<String> columns = Arrays.asList(raw.columns());
    for (String needed : List.of("customer_id", "rate")) {
      if (!columns.contains(needed)) {
        throw new RatesException("rates file " + path + " has no column " + needed + " (columns: " + String.join(", ", columns) + ")");
      }
    }
    Dataset<Row> rows = raw.select(col("customer_id").cast(DataTypes.StringType), col("rate").cast(DataTypes.StringType));
    RatesTable table;
    try {
      table = RatesTable.of(rows.toLocalIterator(), "file " + path);
    } catch (RatesException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RatesException("cannot read the rates file " + path + ": " + RatesException.reason(e), e);
    }
    return TableRates.broadcast(spark, table, describe());
  }

  /** parquet, csv or json, by the file's extension or, for a directory, by its first data file's. */
  private String format(SparkSession spark) {
    Path p = new Path(path);
    String name = p.getName();
    try {
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus status = fs.getFileStatus(p);
      if (status.isDirectory()) {
        name = Arrays.stream(fs.listStatus(p)).filter(FileStatus::isFile).map(f -> f.getPath().getName())
            .filter(n -> !n.startsWith("_") && !n.startsWith(".")).sorted().findFirst()
            .orElseThrow(() -> new RatesException("rates directory " + path + " has no data files"));
      }
    } catch (IOException e) {
      throw new RatesException("cannot read the rates file " + path + ": " + RatesException.reason(e), e);
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".parquet")) return "parquet";
    if (lower.endsWith(".csv")) return "csv";
    if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "json";
    throw new RatesException("rates file " + path + ": cannot tell its format from the name " + name + " (.parquet, .csv, .json)");
  }
}
