package orderpricing.spark;

import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system, for a run in a JVM of its own that a test kills while its tasks write: a task that creates a
 * part file under Spark's {@code _temporary} first creates the marker file named by {@link #MARKER}, then waits until
 * the process is killed. So the test knows, without timing, that the run is in the middle of writing.
 */
public final class HoldingFileSystem extends RawLocalFileSystem {
  /** Set with {@code --conf spark.hadoop.orderpricing.test.hold-marker=FILE}. */
  public static final String MARKER = "orderpricing.test.hold-marker";

  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
      short replication, long blockSize, Progressable progress) throws IOException {
    holdIfWriting(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    holdIfWriting(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  private void holdIfWriting(Path f) throws IOException {
    holdIfWriting(f, getConf());
  }

  /** Holds the calling task for good if it creates a part file and the settings name a marker (any file system). */
  public static void holdIfWriting(Path f, org.apache.hadoop.conf.Configuration conf) throws IOException {
    String marker = conf.get(MARKER);
    if (marker == null || !f.toUri().getPath().contains("/_temporary/") || !f.getName().startsWith("part-")) return;
    Files.writeString(java.nio.file.Path.of(marker), f.toString());
    while (true) {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        // Spark cancelling the task does not release it: only the test's kill ends it.
      }
    }
  }
}
