package orderpricing.hdfs;

import java.io.IOException;
import orderpricing.spark.HaltingFileSystem;
import orderpricing.spark.HoldingFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.util.Progressable;

/**
 * HDFS for a run in a JVM of its own that a test stops at a known point, as {@link HoldingFileSystem} and
 * {@link HaltingFileSystem} do on the local disk, with the same settings: with {@link HoldingFileSystem#MARKER} set,
 * a task creating a part file writes the marker and waits to be killed; with {@link HaltingFileSystem#AFTER_RENAME_TO}
 * set, the process halts right after a rename onto that name. Used as {@code spark.hadoop.fs.hdfs.impl}.
 */
public final class StoppingHdfs extends DistributedFileSystem {
  @Override
  public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize, short replication,
      long blockSize, Progressable progress) throws IOException {
    holdIfWriting(f);
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
      Progressable progress) throws IOException {
    holdIfWriting(f);
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    boolean renamed = super.rename(src, dst);
    if (renamed && dst.getName().equals(getConf().get(HaltingFileSystem.AFTER_RENAME_TO))) {
      Runtime.getRuntime().halt(HaltingFileSystem.STATUS);
    }
    return renamed;
  }

  private void holdIfWriting(Path f) throws IOException {
    HoldingFileSystem.holdIfWriting(f, getConf());
  }
}
