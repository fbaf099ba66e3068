package orderpricing.rates;

import orderpricing.errors.RatesException;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import orderpricing.pricing.RateChoice;
import org.apache.spark.SparkEnv;

/**
 * Customers looked up in PostgreSQL by the task that needs them, on its executor's own connection
 * ({@link ExecutorConnections}), a batch of customer ids per query ({@code WHERE customer_id = ANY(?)}). Every
 * task reads in the run's snapshot, which the driver exported and keeps open: all tasks, retries and passes over
 * the orders see one state of the table, and once that snapshot is gone (the database restarted, the driver's
 * connection dropped) no lookup can succeed, so a run never mixes two states of the table. Only the URL, the
 * connection properties and the snapshot's id travel to the executors; the connections are opened there.
 */
final class PostgresLookup implements RateLookup {
  private static final long serialVersionUID = 1L;
  /** Customer ids per query: one round trip for a whole batch of orders, and a plan that stays an index lookup. */
  private static final int IDS_PER_QUERY = 5_000;

  private final PostgresLocation location;
  private final String table;
  private final Properties properties;
  private final String query;
  private final String snapshot;

  PostgresLookup(PostgresLocation location, String table, Properties properties, String query, String snapshot) {
    this.location = location;
    this.table = table;
    this.properties = properties;
    this.query = query;
    this.snapshot = snapshot;
  }

  @Override
  public Map<String, RateChoice> find(Collection<String> customerIds) {
    Connection c = null;
    try {
      c = ExecutorConnections.forTask(location.url() + " " + properties.getProperty("user", ""), session());
      Map<String, RateChoice> found = new HashMap<>();
      List<String> ids = new ArrayList<>(customerIds);
      for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
        List<String> part = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
        try (PreparedStatement ps = c.prepareStatement(query)) {
          Array array = c.createArrayOf("text", part.toArray());
          ps.setArray(1, array);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String id = rs.getString(1);
              // The driver checked, in this same snapshot, that no customer has two rows.
              found.put(id, RateChoice.ofTable(id, rs.getString(2)));
            }
          }
        }
      }
      return found;
    } catch (SQLException e) {
      if (c != null) ExecutorConnections.discard(c);
      throw new RatesException("rates lookup in " + location.where(table) + " failed: " + RatesException.reason(e), e);
    }
  }

  /** This executor's connections, named for pg_stat_activity after it; each task reads in the run's snapshot. */
  private ExecutorConnections.Session session() {
    return new ExecutorConnections.Session() {
      @Override
      public Connection open() throws SQLException {
        Properties p = new Properties();
        p.putAll(properties);
        p.setProperty("ApplicationName", "order-pricing-executor-" + SparkEnv.get().executorId());
        return new org.postgresql.Driver().connect(location.url(), p);
      }

      @Override
      public void begin(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
          s.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
        } catch (SQLException e) {
          if (!"22023".equals(e.getSQLState())) throw e;
          throw new RatesException("rates " + location.where(table) + ": the run's snapshot of the table is gone (the"
              + " database restarted or lost the driver's connection); the run stops rather than price with two states"
              + " of the table", e);
        }
      }

      @Override
      public void end(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
          s.execute("ROLLBACK");
        }
      }
    };
  }

  @Override
  public int batchRows() {
    return 10_000;
  }
}
