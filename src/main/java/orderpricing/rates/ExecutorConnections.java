package orderpricing.rates;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor JVM's database connections for rates lookups, opened on the executor when a task first needs one. A
 * task holds one connection from its first lookup to its end, inside a transaction of its own ({@link Session}),
 * then hands it back for the next task: a JVM never holds more connections than it runs tasks at once (its task
 * slots), and an idle connection holds no transaction, so no snapshot or lock outlives the tasks. Connections are
 * kept per key (a database and user) and closed when the JVM stops.
 */
final class ExecutorConnections {
  /** How a task's connections are opened, and how a task's transaction on one begins and ends. */
  interface Session {
    /** Opens a connection on this executor; called outside the pool's lock, since it takes a round trip or two. */
    Connection open() throws SQLException;

    void begin(Connection c) throws SQLException;

    void end(Connection c) throws SQLException;
  }

  private record Lease(String key, Connection connection, Session session) {}

  private static final Object LOCK = new Object();
  private static final Map<String, Deque<Connection>> IDLE = new HashMap<>();
  private static final Map<Long, Lease> BY_TASK = new HashMap<>();
  private static final Set<Connection> OPEN = new HashSet<>();
  private static boolean hookAdded;

  private ExecutorConnections() {}

  /**
   * The connection the current task uses for this key, in the task's transaction: the one it already holds, or an
   * idle or new one on which the transaction begins now.
   */
  static Connection forTask(String key, Session session) throws SQLException {
    TaskContext task = TaskContext.get();
    if (task == null) throw new IllegalStateException("rates lookups run inside Spark tasks");
    long attempt = task.taskAttemptId();
    Connection c;
    synchronized (LOCK) {
      Lease held = BY_TASK.get(attempt);
      if (held != null && held.key().equals(key)) return held.connection();
      Deque<Connection> idle = IDLE.get(key);
      c = idle == null ? null : idle.pollFirst();
    }
    if (c == null) {
      c = session.open();
      synchronized (LOCK) {
        if (!hookAdded) {
          Runtime.getRuntime().addShutdownHook(new Thread(ExecutorConnections::closeAll, "order-pricing-rates-connections"));
          hookAdded = true;
        }
        OPEN.add(c);
      }
    }
    try {
      session.begin(c);
    } catch (SQLException | RuntimeException e) {
      discard(c);
      throw e;
    }
    synchronized (LOCK) {
      BY_TASK.put(attempt, new Lease(key, c, session));
    }
    task.addTaskCompletionListener((TaskCompletionListener) ctx -> release(ctx.taskAttemptId(), ctx.isInterrupted()));
    return c;
  }

  /** Closes a connection that failed, so no task is handed it again. */
  static void discard(Connection c) {
    synchronized (LOCK) {
      OPEN.remove(c);
      BY_TASK.values().removeIf(l -> l.connection() == c);
      IDLE.values().forEach(d -> d.remove(c));
    }
    closeQuietly(c);
  }

  /** How many connections this JVM holds now, busy or idle. */
  static int open() {
    synchronized (LOCK) {
      return OPEN.size();
    }
  }

  /** At a task's end: its transaction ends, and the connection waits for the next task. */
  private static void release(long attempt, boolean interrupted) {
    Lease lease;
    synchronized (LOCK) {
      lease = BY_TASK.remove(attempt);
    }
    if (lease == null) return;
    if (interrupted) {
      discard(lease.connection()); // a killed task may have left a query half done
      return;
    }
    try {
      lease.session().end(lease.connection());
    } catch (SQLException | RuntimeException e) {
      discard(lease.connection());
      return;
    }
    synchronized (LOCK) {
      IDLE.computeIfAbsent(lease.key(), k -> new ArrayDeque<>()).addFirst(lease.connection());
    }
  }

  private static void closeAll() {
    List<Connection> all;
    synchronized (LOCK) {
      all = new ArrayList<>(OPEN);
      OPEN.clear();
      IDLE.clear();
      BY_TASK.clear();
    }
    all.forEach(ExecutorConnections::closeQuietly);
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException | RuntimeException ignored) {
      // The connection is of no more use either way.
    }
  }
}
