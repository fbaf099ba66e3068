package orderpricing.spark;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local file system (as scripts/price uses it), made to stop at its k-th rename or delete under a directory,
 * outside Spark's own {@code _temporary} task files: the calls a commit is made of. {@link Stop#CRASH}: that change and
 * every later one fail, as if the process had died there; {@link Stop#FAIL}: only that one fails. Armed for the whole
 * JVM by {@link #arm}; a session uses it with {@link #use(Configuration)}.
 */
public final class StoppingFileSystem extends RawLocalFileSystem {
  public enum Stop { CRASH, FAIL }

  private static final AtomicInteger changes = new AtomicInteger();
  private static volatile String under;
  private static volatile int stopAt;
  private static volatile Stop stop;

  public static void arm(java.nio.file.Path dir, int k, Stop how) {
    changes.set(0);
    under = dir.toAbsolutePath().toString() + "/";
    stopAt = k;
    stop = how;
  }

  public static void disarm() {
    under = null;
  }

  /** Changes counted since {@link #arm}: a run that makes fewer than k was not stopped. */
  public static int changes() {
    return changes.get();
  }

  /** Makes {@code file:} paths of this configuration use this file system, uncached, until {@link #restore}. */
  public static void use(Configuration conf) {
    conf.set("fs.file.impl", StoppingFileSystem.class.getName());
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  public static void restore(Configuration conf, String fileImpl) {
    conf.set("fs.file.impl", fileImpl);
    conf.unset("fs.file.impl.disable.cache");
  }

  private static void change(Path... paths) throws IOException {
    String dir = under;
    if (dir == null) return;
    for (Path p : paths) {
      String s = p.toUri().getPath();
      if (!s.startsWith(dir) || s.contains("/_temporary")) return;
    }
    int n = changes.incrementAndGet();
    if (n == stopAt || (stop == Stop.CRASH && n > stopAt)) throw new IOException("stopped at change " + n + " (test)");
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    change(src, dst);
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    change(p);
    return super.delete(p, recursive);
  }
}
