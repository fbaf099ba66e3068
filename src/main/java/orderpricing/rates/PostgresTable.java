package orderpricing.rates;

import orderpricing.errors.RatesException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.spark.sql.DataFrameReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Customer rates in a PostgreSQL table. The driver takes the run's snapshot ({@link RatesSnapshot}) and checks the
 * table in it; then either the table is read once, through Spark's JDBC source in that same snapshot, and
 * broadcast, or the snapshot stays open and the executors look customers up in it ({@link PostgresLookup}).
 */
final class PostgresTable implements RatesSource {
  /** A table name as SQL takes it: identifiers, plain or double-quoted, optionally schema-qualified. */
  private static final Pattern TABLE = Pattern.compile("(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\")"
      + "(?:\\.(?:[A-Za-z_][A-Za-z0-9_$]*|\"(?:[^\"]|\"\")+\"))?");
  /** Above this many customers, Spark reads the table in several partitions (by a hash of customer_id). */
  private static final long CUSTOMERS_PER_READ_PARTITION = 250_000;

  private final PostgresLocation location;
  private final String table;
  private final Path propertiesFile;

  PostgresTable(PostgresLocation location, String table, Path propertiesFile) {
    if (!TABLE.matcher(table).matches()) throw new IllegalArgumentException("not a table name: " + table);
    this.location = location;
    this.table = table;
    this.propertiesFile = propertiesFile;
  }

  @Override
  public String describe() {
    return location.display() + " table " + table;
  }

  @Override
  public String toString() {
    return describe();
  }

  @Override
  public CustomerRates open(SparkSession spark, RatesLookup lookup) {
    String where = location.where(table);
    Properties properties = properties();
    RatesSnapshot snapshot = RatesSnapshot.open(location, table, properties);
    try {
      String ambiguous = snapshot.firstAmbiguousCustomer(table);
      if (ambiguous != null) throw RatesTable.ambiguous(where, ambiguous);
      long customers = snapshot.customers(table);
      RatesLookup mode = lookup != null ? lookup : RatesLookup.bySize(customers);
      if (mode == RatesLookup.EXECUTOR) {
        PostgresLookup executors = new PostgresLookup(location, table, properties, snapshot.lookupQuery(table), snapshot.id());
        return new TableRates(spark, executors, snapshot.decimals(table), describe(), customers, mode, snapshot);
      }
      // Collected, not iterated: the partitions of a big table are read side by side.
      RatesTable all = RatesTable.of(read(spark, properties, snapshot, customers).collectAsList().iterator(), where);
      snapshot.close(); // read once: the snapshot has done its work
      return TableRates.broadcast(spark, all, describe());
    } catch (SQLException | RuntimeException e) {
      snapshot.close();
      if (e instanceof RatesException r) throw r;
      throw new RatesException("cannot read the rates " + where + ": " + RatesException.reason(e), e);
    }
  }

  /**
   * The whole table through Spark's JDBC source, every partition's connection in the driver's snapshot. The
   * connection properties become the source's options, which Spark shows in plans only through its redaction.
   */
  private Dataset<Row> read(SparkSession spark, Properties properties, RatesSnapshot snapshot, long customers) {
    requireRedacted(spark, properties);
    Properties options = new Properties();
    options.putAll(properties);
    options.setProperty("driver", org.postgresql.Driver.class.getName());
    options.setProperty("ApplicationName", "order-pricing-rates-read");
    options.setProperty("fetchsize", "10000");
    // Whichever way Spark sets autocommit, the statement runs first in a REPEATABLE READ transaction.
    String isolation = "-c default_transaction_isolation=repeatable\\ read";
    options.setProperty("options", properties.containsKey("options") ? properties.getProperty("options") + " " + isolation : isolation);
    options.setProperty("sessionInitStatement",
        "START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY; SET TRANSACTION SNAPSHOT '" + snapshot.id() + "'");
    String query = "(SELECT customer_id::text AS customer_id, rate::text AS rate FROM " + table
        + " WHERE customer_id IS NOT NULL) AS rates";
    int partitions = (int) Math.min(16, Math.max(1, (customers + CUSTOMERS_PER_READ_PARTITION - 1) / CUSTOMERS_PER_READ_PARTITION));
    List<String> predicates = new ArrayList<>();
    for (int i = 0; i < partitions; i++) predicates.add("(hashtext(customer_id) & 2147483647) % " + partitions + " = " + i);
    DataFrameReader reader = spark.read();
    return reader.jdbc(location.url(), query, predicates.toArray(String[]::new), options);
  }

  /** Spark's JDBC options appear in query plans; a secret among them must be one Spark redacts. */
  private static void requireRedacted(SparkSession spark, Properties properties) {
    String regex = spark.sparkContext().getConf().get("spark.redaction.regex", "(?i)secret|password|token|access[.]?key");
    Pattern redacted = Pattern.compile(regex);
    for (String key : properties.stringPropertyNames()) {
      if (key.toLowerCase(java.util.Locale.ROOT).contains("password") && !redacted.matcher(key).find()) {
        throw new RatesException("spark.redaction.regex does not cover the connection property " + key
            + ": the rates are not read through Spark's JDBC source, whose options it would leave in plain sight");
      }
    }
  }

  private Properties properties() {
    Properties p = new Properties();
    if (propertiesFile == null) return p;
    try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new RatesException("cannot read the rates connection properties " + propertiesFile + ": " + RatesException.reason(e), e);
    }
    return p;
  }
}
