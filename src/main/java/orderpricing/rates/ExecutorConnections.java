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
 * The executor JVM's database connections for rates lookups, opened on the executor when a task first needs one:
 * a task holds one connection from its first lookup to its end and then hands it back for the next task, so a JVM
 * never holds more connections than it runs tasks at once (its task slots). Connections are kept per key (a
 * database and the run's snapshot); those of an earlier run are closed when a task of a new run asks, and all of
 * them when the JVM stops.
 */
final class ExecutorConnections {
  /** Opens a connection on this executor; called outside the pool's lock, since opening takes a round trip or two. */
  interface Opener {
    Connection open() throws SQLException;
  }

  private record Lease(String key, Connection connection) {}

  private static final Object LOCK = new Object();
  private static final Map<String, Deque<Connection>> IDLE = new HashMap<>();
  private static final Map<Long, Lease> BY_TASK = new HashMap<>();
  private static final Set<Connection> OPEN = new HashSet<>();
  private static boolean hookAdded;

  private ExecutorConnections() {}

  /** The connection the current task uses for this key: the one it already holds, an idle one, or a new one. */
  static Connection forTask(String key, Opener opener) throws SQLException {
    TaskContext task = TaskContext.get();
    if (task == null) throw new IllegalStateException("rates lookups run inside Spark tasks");
    long attempt = task.taskAttemptId();
    Connection c;
    List<Connection> stale = new ArrayList<>();
    synchronized (LOCK) {
      Lease held = BY_TASK.get(attempt);
      if (held != null && held.key().equals(key)) return held.connection();
      // Idle connections of another key belong to an earlier run, whose snapshot is over.
      IDLE.entrySet().removeIf(e -> {
        if (e.getKey().equals(key)) return false;
        stale.addAll(e.getValue());
        return true;
      });
      OPEN.removeAll(stale);
      Deque<Connection> idle = IDLE.get(key);
      c = idle == null ? null : idle.pollFirst();
    }
    stale.forEach(ExecutorConnections::closeQuietly);
    if (c == null) c = opener.open();
    synchronized (LOCK) {
      if (!hookAdded) {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorConnections::closeAll, "order-pricing-rates-connections"));
        hookAdded = true;
      }
      OPEN.add(c);
      BY_TASK.put(attempt, new Lease(key, c));
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

  private static void release(long attempt, boolean interrupted) {
    Lease lease;
    synchronized (LOCK) {
      lease = BY_TASK.remove(attempt);
      if (lease == null) return;
      if (!interrupted) {
        IDLE.computeIfAbsent(lease.key(), k -> new ArrayDeque<>()).addFirst(lease.connection());
        return;
      }
      OPEN.remove(lease.connection());
    }
    closeQuietly(lease.connection()); // a killed task may have left a query half done
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
