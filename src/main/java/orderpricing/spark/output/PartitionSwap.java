package orderpricing.spark.output;

import orderpricing.errors.UsageException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A partitioned result directory updated in place from a run's hidden staging directory ({@code --overwrite
 * --partition-by}): each partition directory the run wrote ({@code region=EU/}, or {@code region=EU/day=3/} for two
 * columns) replaces its old copy, and every other partition stays as it is. In turn:
 * <ol>
 *   <li>{@code _SUCCESS} goes: the directory is being changed;</li>
 *   <li>for each partition, then {@code _rejects}: the old copy, if any, moves to {@code _previous/<its path>} in the
 *       staging directory, and the new one moves into place, that partition's commit point;</li>
 *   <li>{@code _SUCCESS} comes back, and the staging directory, with the old copies, is deleted.</li>
 * </ol>
 * A run stopped half way leaves each partition old, new, or (between its two renames) absent, its old copy in
 * {@code _previous}, and no {@code _SUCCESS}. The next run puts back every old copy whose place is empty
 * ({@link #repair}); partitions already switched stay new until a run with overwrite writes them all again.
 */
final class PartitionSwap {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionSwap.class);
  /** Marks {@code _previous} as one of partitions, not a whole old directory: {@link ResultDir} restores those whole. */
  static final String MARKER = "_BY_PARTITION";
  private static final String SUCCESS = "_SUCCESS";

  private final FileSystem fs;
  private final Path staging;
  private final Path target;
  private final Path previous;

  PartitionSwap(FileSystem fs, Path staging, Path target) {
    this.fs = fs;
    this.staging = staging;
    this.target = target;
    this.previous = new Path(staging, ResultDir.PREVIOUS);
  }

  /** Whether {@code staging} holds the old copies of a partition swap that was stopped. */
  static boolean stoppedIn(FileSystem fs, Path staging) throws IOException {
    return fs.exists(new Path(new Path(staging, ResultDir.PREVIOUS), MARKER));
  }

  /**
   * Refuses, before any work, to swap partitions into a directory that is not partitioned by the same first column:
   * its files would stay beside the new partitions, and a reader would see both.
   */
  static void requirePartitioned(FileSystem fs, Path target, String name, List<String> columns) throws IOException {
    if (!fs.exists(target)) return;
    for (FileStatus s : fs.listStatus(target)) {
      String entry = s.getPath().getName();
      if (entry.startsWith("_") || entry.startsWith(".")) continue;
      if (!s.isDirectory() || !entry.startsWith(columns.get(0) + "=")) {
        throw new UsageException(name, name + " is not partitioned by " + String.join(",", columns) + " (it holds "
            + entry + "); replace it without --partition-by, or write elsewhere");
      }
    }
  }

  /** The steps of the class comment. */
  void commit() throws IOException {
    List<String> units = units();
    fs.mkdirs(previous);
    fs.create(new Path(previous, MARKER), false).close();
    Path success = new Path(target, SUCCESS);
    if (fs.exists(success)) delete(success);
    int switched = 0;
    try {
      for (String unit : units) {
        swap(unit);
        switched++;
      }
    } catch (IOException e) {
      if (switched == 0) putBack(new Path(staging, SUCCESS), success, e); // nothing changed: still the old result
      throw e;
    }
    ResultDir.rename(fs, new Path(staging, SUCCESS), success);
    dropOld();
  }

  /** The partition directories the run wrote, deepest level only, in name order; then {@code _rejects} if it is there. */
  private List<String> units() throws IOException {
    List<String> units = new ArrayList<>();
    partitions(staging, "", units);
    units.sort(null); // name order, as the README tells readers
    if (fs.exists(new Path(staging, RunOutput.REJECTS))) units.add(RunOutput.REJECTS);
    return units;
  }

  private void partitions(Path dir, String relative, List<String> into) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) {
      String name = s.getPath().getName();
      if (!s.isDirectory() || !isPartition(name)) continue;
      String path = relative + name;
      if (holdsPartitions(s.getPath())) partitions(s.getPath(), path + "/", into);
      else into.add(path);
    }
  }

  /** One partition: its old copy aside, the new one in. If the second rename fails, the old copy goes back. */
  private void swap(String unit) throws IOException {
    Path place = new Path(target, unit), aside = new Path(previous, unit);
    boolean replacing = fs.exists(place);
    if (replacing) {
      fs.mkdirs(aside.getParent());
      ResultDir.rename(fs, place, aside);
    }
    try {
      fs.mkdirs(place.getParent());
      ResultDir.rename(fs, new Path(staging, unit), place);
    } catch (IOException e) {
      if (replacing) putBack(aside, place, e);
      throw e;
    }
  }

  private void putBack(Path aside, Path place, IOException failure) {
    try {
      ResultDir.rename(fs, aside, place);
    } catch (IOException notBack) {
      failure.addSuppressed(notBack);
    }
  }

  /** After the last commit point: a failure here leaves old copies where readers do not look, and the run succeeded. */
  private void dropOld() {
    try {
      fs.delete(staging, true);
    } catch (IOException e) {
      LOG.warn("{} is committed; its replaced partitions are left in {} ({})", target, staging, e.getMessage());
    }
  }

  /**
   * After a stopped swap: every old copy whose place is empty goes back; the others, replaced by new copies, are
   * deleted with the staging directory.
   */
  void repair() throws IOException {
    LOG.warn("Repairing {}: an earlier run was stopped while replacing its partitions", target);
    putBackAbsent(previous, target);
    fs.delete(staging, true);
  }

  private void putBackAbsent(Path asideDir, Path placeDir) throws IOException {
    for (FileStatus s : fs.listStatus(asideDir)) {
      String name = s.getPath().getName();
      if (name.equals(MARKER)) continue;
      Path place = new Path(placeDir, name);
      if (!fs.exists(place)) {
        fs.mkdirs(placeDir);
        ResultDir.rename(fs, s.getPath(), place);
      } else if (s.isDirectory() && isPartition(name) && holdsPartitions(s.getPath())) {
        putBackAbsent(s.getPath(), place);
      }
    }
  }

  private boolean holdsPartitions(Path dir) throws IOException {
    for (FileStatus s : fs.listStatus(dir)) if (s.isDirectory() && isPartition(s.getPath().getName())) return true;
    return false;
  }

  /** A Hive-style partition directory, {@code column=value}; Spark's own ({@code _temporary}) and hidden ones are not. */
  private static boolean isPartition(String name) {
    return name.indexOf('=') > 0 && !name.startsWith("_") && !name.startsWith(".");
  }

  private void delete(Path p) throws IOException {
    if (!fs.delete(p, false)) throw new IOException("cannot delete " + p);
  }
}
