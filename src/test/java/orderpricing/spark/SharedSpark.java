package orderpricing.spark;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local SparkSession for the whole test JVM, started by the first Spark test class and stopped (and cleared) when
 * the test run ends, so every Spark test class shares one start-up. Use with {@code @ExtendWith(SharedSpark.class)}
 * and {@link #spark()}.
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
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("order-pricing tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.driver.host", "127.0.0.1")
          .getOrCreate();
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
