package orderpricing.spark.output;

import java.io.IOException;
import orderpricing.read.DataFormat;
import org.apache.hadoop.conf.Configuration;

/**
 * One run's rejects in a directory of their own, beside a table: written hidden, then moved into place whole, before
 * the run's orders are committed. A retry of the same run replaces what an earlier attempt put there.
 */
public final class RejectsDir {
  private final ResultDir dir;

  private RejectsDir(ResultDir dir) {
    this.dir = dir;
  }

  /** Checks before any work is done that the rejects may be written at {@code path}. */
  public static RejectsDir prepare(String path, Configuration conf) {
    RejectsDir rejects = new RejectsDir(ResultDir.restored(path, true, conf));
    rejects.dir.checkWritable();
    return rejects;
  }

  public String staging() {
    return dir.staging().toString();
  }

  /** Names the part files in input order, checks they hold {@code rejected} records, and moves them into place. */
  public void commit(long rejected) throws IOException {
    PartFiles.settle(dir.fs(), dir.staging(), DataFormat.JSON, rejected, "rejected records");
    dir.commit();
  }

  /** Removes what was written unless it was committed. */
  public void abort() {
    dir.abort();
  }
}
