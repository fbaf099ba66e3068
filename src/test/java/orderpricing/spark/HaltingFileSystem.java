package orderpricing.spark;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system, for a run in a JVM of its own: the process halts at once (no shutdown hooks, no clean-up,
 * like a kill) right after a rename onto a name given by {@link #AFTER_RENAME_TO}, e.g. {@code _previous}.
 */
public final class HaltingFileSystem extends RawLocalFileSystem {
  /** Set with {@code --conf spark.hadoop.orderpricing.test.halt-after-rename-to=NAME}. */
  public static final String AFTER_RENAME_TO = "orderpricing.test.halt-after-rename-to";
  public static final int STATUS = 75;

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    boolean renamed = super.rename(src, dst);
    if (renamed && dst.getName().equals(getConf().get(AFTER_RENAME_TO))) Runtime.getRuntime().halt(STATUS);
    return renamed;
  }
}
