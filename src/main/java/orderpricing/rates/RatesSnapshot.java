package orderpricing.rates;

import orderpricing.errors.RatesException;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The run's state of the rates table, held by the driver: a read-only REPEATABLE READ transaction whose snapshot is
 * exported ({@code pg_export_snapshot()}) for every other connection of the run to read, and kept open until the
 * run is over. The checks that must see the same state as the lookups run in it: the table and its columns exist,
 * no customer has two rows, how many customers there are, and how many decimals the valid rates have.
 */
final class RatesSnapshot implements AutoCloseable {
  private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-Fa-f-]+");
  /** What PostgreSQL and BigDecimal both read as a number, so the decimals are counted over the valid rates only. */
  private static final String NUMBER = "'^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$'";

  private final Connection connection;
  private final String id;
  private final boolean textIds;

  private RatesSnapshot(Connection connection, String id, boolean textIds) {
    this.connection = connection;
    this.id = id;
    this.textIds = textIds;
  }

  /** Connects as the driver and takes the snapshot; fails with one line naming host, database and table. */
  static RatesSnapshot open(PostgresLocation location, String table, Properties properties) {
    Properties p = new Properties();
    p.putAll(properties);
    p.setProperty("ApplicationName", "order-pricing-driver");
    Connection c = null;
    try {
      c = new org.postgresql.Driver().connect(location.url(), p);
      if (c == null) throw new SQLException("the PostgreSQL driver does not accept the URL");
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      c.setReadOnly(true);
      String id;
      boolean textIds;
      try (Statement s = c.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT pg_export_snapshot()")) {
          rs.next();
          id = rs.getString(1);
        }
        if (!SNAPSHOT_ID.matcher(id).matches()) throw new SQLException("unexpected snapshot id " + id);
        try (ResultSet rs = s.executeQuery("SELECT customer_id, rate FROM " + table + " LIMIT 0")) {
          ResultSetMetaData meta = rs.getMetaData();
          String type = meta.getColumnTypeName(1);
          textIds = type.equals("text") || type.equals("varchar");
        }
      }
      return new RatesSnapshot(c, id, textIds);
    } catch (SQLException | RuntimeException e) {
      close(c);
      throw new RatesException("cannot read the rates " + location.where(table) + ": " + RatesException.reason(e), e);
    }
  }

  /** The snapshot's id, for {@code SET TRANSACTION SNAPSHOT}. */
  String id() {
    return id;
  }

  /** The lookup query: by the column itself when it holds text (so its index serves), else by its text. */
  String lookupQuery(String table) {
    String key = textIds ? "customer_id" : "customer_id::text";
    return "SELECT customer_id::text, rate::text FROM " + table + " WHERE " + key + " = ANY(?)";
  }

  /** The first customer with more than one row, or null. */
  String firstAmbiguousCustomer(String table) throws SQLException {
    return single("SELECT customer_id::text FROM " + table + " WHERE customer_id IS NOT NULL GROUP BY customer_id"
        + " HAVING count(*) > 1 ORDER BY 1 LIMIT 1");
  }

  long customers(String table) throws SQLException {
    return Long.parseLong(single("SELECT count(customer_id) FROM " + table));
  }

  /** The most decimals a valid rate has (0.10 has 1), as {@link orderpricing.pricing.RateChoice#decimals} counts them. */
  int decimals(String table) throws SQLException {
    return Integer.parseInt(single("SELECT coalesce(max(min_scale(v)), 0) FROM (SELECT CASE WHEN rate::text ~ " + NUMBER
        + " THEN (rate::text)::numeric END AS v FROM " + table + " WHERE customer_id IS NOT NULL) r"
        + " WHERE v >= 0 AND v <= 1 AND min_scale(v) <= 18"));
  }

  /** The first column of the first row, or null when there is none. */
  private String single(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  /** Ends the transaction, and with it the snapshot: no connection can import it any more. */
  @Override
  public void close() {
    close(connection);
  }

  private static void close(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing ends the transaction either way.
    }
  }
}
