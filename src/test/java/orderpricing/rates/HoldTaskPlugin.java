package orderpricing.rates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.TaskContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * A Spark plugin for tests that need a run held part way (--conf spark.plugins=orderpricing.rates.HoldTaskPlugin
 * --conf spark.orderpricing.test.holdDir=DIR): the first task of partition 1 (outside the duplicate-id count) waits
 * at its start until the file DIR/release exists, after writing its stage id to DIR/held; each successful task of
 * partition 0 writes DIR/done-STAGE. A test waits for both, changes the world, and releases the task.
 */
public final class HoldTaskPlugin implements SparkPlugin {
  public static final String DIR = "spark.orderpricing.test.holdDir";

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      private final AtomicBoolean held = new AtomicBoolean();
      /** The task's partition and stage: onTaskSucceeded runs after the task's context is gone, on the same thread. */
      private final ThreadLocal<int[]> task = new ThreadLocal<>();
      private Path dir;

      @Override
      public void init(PluginContext ctx, Map<String, String> extraConf) {
        dir = Path.of(ctx.conf().get(DIR));
      }

      @Override
      public void onTaskStart() {
        TaskContext t = TaskContext.get();
        task.set(new int[] {t.partitionId(), t.stageId()});
        String group = t.getLocalProperty("spark.jobGroup.id");
        if (group != null && group.startsWith("order-pricing-duplicate-ids")) return;
        if (t.partitionId() != 1 || !held.compareAndSet(false, true)) return;
        write("held", String.valueOf(t.stageId()));
        try {
          while (!Files.exists(dir.resolve("release"))) Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public void onTaskSucceeded() {
        int[] t = task.get();
        if (t != null && t[0] == 0) write("done-" + t[1], "");
      }

      private void write(String name, String text) {
        try {
          Path tmp = Files.writeString(dir.resolve(name + ".tmp"), text);
          Files.move(tmp, dir.resolve(name)); // whole or not at all, for the test that waits for it
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  /** Waits (for the test) until the file exists, or fails when the run ended first or the minutes are up. */
  public static Path await(Path file, Process run) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
    while (!Files.exists(file)) {
      if (!run.isAlive()) throw new AssertionError("the run ended before " + file + " appeared");
      if (System.nanoTime() > deadline) throw new AssertionError(file + " did not appear");
      Thread.sleep(20);
    }
    return file;
  }
}
