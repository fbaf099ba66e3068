package orderpricing.spark;

import java.util.Map;
import orderpricing.cli.Settings;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local SparkSession for the whole test JVM, started by the first Spark test class and stopped (and cleared) when
 * the test run ends, so every Spark test class shares one start-up. Use with {@code @ExtendWith(SharedSpark.class)}
 * and {@link #spark()}. It is made as scripts/price makes its session, from conf/spark-defaults.conf (the test runner
 * names conf/), so tests write through the same file system; a few settings suit tests better.
 */
public final class SharedSpark implements BeforeAllCallback {
  private static volatile SparkSession spark;

  public static SparkSession spark() {
    if (spark == null) throw new IllegalStateException("add @ExtendWith(SharedSpark.class) to the test class");
    return spark;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(SharedSpark.class, k -> new Session(), Session.class);
  }

  private static final class Session implements ExtensionContext.Store.CloseableResource {
    Session() {
      spark = Settings.session("local[2]", Map.of(
          "spark.app.name", "order-pricing tests",
          "spark.ui.enabled", "false",
          "spark.ui.showConsoleProgress", "false",
          "spark.sql.shuffle.partitions", "4",
          "spark.driver.host", "127.0.0.1",
          // Tests that need an event log run the command in a JVM of their own.
          "spark.eventLog.enabled", "false"), true); // able to write Delta tables, as a run with a table output is
    }

    @Override
    public void close() {
      spark.stop();
      spark = null;
      SparkSession.clearActiveSession();
      SparkSession.clearDefaultSession();
    }
  }
}
