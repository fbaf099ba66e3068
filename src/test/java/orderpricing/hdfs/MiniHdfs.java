package orderpricing.hdfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedExceptionAction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.security.UserGroupInformation;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HDFS for a test class: a MiniDFSCluster of two DataNodes on 127.0.0.1, permissions on, 1 MiB blocks so a
 * modest file spans many blocks. Started once per class ({@code @ExtendWith(MiniHdfs.class)}), stopped after it.
 *
 * <p>The NameNode runs as the user {@code hdfs}, its superuser, so the tests' own user (the one Spark runs as) is an
 * ordinary user whose writes permissions can refuse; {@link #home()} is a directory that user owns.
 */
public final class MiniHdfs implements BeforeAllCallback, AfterAllCallback {
  public static final long BLOCK = 1 << 20;
  private static final String SUPERUSER = "hdfs";

  private static MiniDFSCluster cluster;
  private static Path base;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    base = Files.createTempDirectory("mini-hdfs");
    Configuration conf = new Configuration();
    conf.setLong("dfs.blocksize", BLOCK);
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 1024);
    conf.setBoolean("dfs.permissions.enabled", true);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    cluster = asSuperuser(() -> new MiniDFSCluster.Builder(conf, base.toFile()).numDataNodes(2).build());
    asSuperuser(() -> {
      cluster.waitActive();
      FileSystem fs = cluster.getFileSystem();
      org.apache.hadoop.fs.Path home = new org.apache.hadoop.fs.Path("/user/" + user());
      fs.mkdirs(home, new FsPermission((short) 0755));
      fs.setOwner(home, user(), null);
      return null;
    });
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (cluster != null) cluster.shutdown(true);
    cluster = null;
  }

  /** The cluster's address, {@code hdfs://127.0.0.1:PORT}. */
  public static String uri() {
    return cluster.getURI().toString();
  }

  /** A directory the tests' user owns, as a full hdfs:// path. */
  public static String home() {
    return uri() + "/user/" + user();
  }

  /** The file system as the tests' user sees it. */
  public static FileSystem fs() {
    try {
      Configuration conf = new Configuration(cluster.getConfiguration(0));
      return FileSystem.newInstance(cluster.getURI(), conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Does something as the superuser, e.g. makes a directory the tests' user may not write. */
  public static <T> T asSuperuser(PrivilegedExceptionAction<T> action) throws Exception {
    return UserGroupInformation.createRemoteUser(SUPERUSER).doAs(action);
  }

  /** The file system as the superuser sees it. */
  public static FileSystem superuserFs() throws Exception {
    return asSuperuser(() -> FileSystem.newInstance(cluster.getURI(), new Configuration(cluster.getConfiguration(0))));
  }

  private static String user() {
    try {
      return UserGroupInformation.getLoginUser().getShortUserName(); // not the current one: asSuperuser changes that
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
