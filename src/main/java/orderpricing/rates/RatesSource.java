package orderpricing.rates;

import orderpricing.errors.RatesException;

import java.nio.file.Path;
import orderpricing.pricing.CustomerRate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.SparkSession;

/**
 * Where customer rates come from: a PostgreSQL table, a file of customer ids and rates, or a dataset an embedding
 * application already holds. Opening one for a run checks it, takes the run's one state of the table, and gives the
 * transformation that applies it to the orders.
 */
public interface RatesSource {
  /** The rates table's default name in PostgreSQL. */
  String DEFAULT_TABLE = "customer_rates";

  /** Where the rates come from, for messages and the summary; never a credential. */
  String describe();

  /**
   * Checks the source and takes the run's state of the table; fails with one line ({@link RatesException}) when it
   * cannot be read or is ambiguous. {@code lookup} null means by the table's size ({@link RatesLookup#bySize}).
   * The caller closes what it gets when the run is over.
   */
  CustomerRates open(SparkSession spark, RatesLookup lookup);

  /**
   * A table in PostgreSQL: a {@code jdbc:postgresql://host:port/database} URL (without a password), the table's
   * name (null: {@link #DEFAULT_TABLE}; {@code schema.table} allowed), and a Java properties file with the
   * connection's {@code user}, {@code password} and any other PostgreSQL JDBC property (null: none).
   */
  static RatesSource postgres(String url, String table, Path properties) {
    return new PostgresTable(PostgresLocation.parse(url), table == null ? DEFAULT_TABLE : table, properties);
  }

  /** A Parquet, CSV (with a header) or JSON Lines file or directory with the columns customer_id and rate. */
  static RatesSource file(String path) {
    return new RatesFile(path);
  }

  /** Rates an application already holds; broadcast to the executors. */
  static RatesSource of(Dataset<CustomerRate> rates) {
    return new RatesDataset(rates);
  }

  /** The command line's --rates: a jdbc: URL is a PostgreSQL table, anything else a file or directory. */
  static RatesSource parse(String source, String table, Path properties) {
    if (source.startsWith("jdbc:")) return postgres(source, table, properties);
    if (table != null) throw new IllegalArgumentException("a table name goes with a jdbc:postgresql: source, not with a file");
    if (properties != null) throw new IllegalArgumentException("connection properties go with a jdbc:postgresql: source, not with a file");
    return file(source);
  }
}
