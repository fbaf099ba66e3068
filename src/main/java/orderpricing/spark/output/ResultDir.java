package orderpricing.spark.output;

import orderpricing.errors.OutputExistsException;
import orderpricing.errors.OutputNotWritableException;
import orderpricing.spark.fs.HadoopPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of results that readers see whole or not at all. It is written into a hidden sibling,
 * {@code .<name>.tmp-<uuid>} (Spark and Hadoop readers skip names starting with "." or "_"), and committed by renames,
 * each of which happens whole or not at all on HDFS and local file systems:
 * <ol>
 *   <li>move the old directory, if any, into the hidden one, as {@code _previous};</li>
 *   <li>move the hidden directory into place: the commit point;</li>
 *   <li>delete {@code _previous}, which is now inside the new directory, where readers skip it.</li>
 * </ol>
 * Where the old directory is tells how far a stopped commit got. Inside a hidden sibling, with nothing in place: the
 * commit point was not reached, and the next run moves it back before anything else ({@link #restored}). Inside the
 * new directory: it was, and the next overwrite removes it with the rest.
 *
 * <p>A partitioned result ({@code --partition-by}) that exists already is replaced partition by partition instead, by
 * {@link PartitionSwap}; a new one is committed whole, as above.
 */
final class ResultDir {
  private static final Logger LOG = LoggerFactory.getLogger(ResultDir.class);
  static final String PREVIOUS = "_previous";
  /**
   * A hidden directory in which nothing has changed for this long belongs to a run that was killed before its commit
   * (a live run's tasks keep writing into it): it is removed. Younger ones are left, in case their run is still going.
   */
  static final java.time.Duration ABANDONED_AFTER = java.time.Duration.ofHours(24);

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final String name;
  private final boolean overwrite;
  private final List<String> partitionBy;
  /** The highest directory {@link #checkWritable} made: the staging directory, or a parent it needed. */
  private Path firstMade;

  private ResultDir(FileSystem fs, Path target, String name, boolean overwrite, List<String> partitionBy) {
    this.fs = fs;
    this.target = target;
    this.name = name;
    this.overwrite = overwrite;
    this.partitionBy = List.copyOf(partitionBy);
    this.staging = HadoopPaths.child(target.getParent(), stagingPrefix(target) + UUID.randomUUID());
  }

  /** The result directory at {@code path}, with an old one put back that a run stopped half way through a commit left aside. */
  static ResultDir restored(String path, boolean overwrite, Configuration conf) {
    return restored(path, overwrite, List.of(), conf);
  }

  /** The same, for a result partitioned by {@code partitionBy} (none: a flat one). */
  static ResultDir restored(String path, boolean overwrite, List<String> partitionBy, Configuration conf) {
    try {
      Path target = HadoopPaths.asGiven(path);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      tidyAfterStoppedRuns(fs, target);
      return new ResultDir(fs, target, path, overwrite, partitionBy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Refuses, before any work is done, to replace a directory without overwrite, or to write where nothing can be
   * written: the hidden directory is made now, with any parent it needs, and written into later. A parent that is a
   * file, a directory the run may not write to or a read-only file system stops the run here, not after the pricing,
   * and what was made is removed again.
   */
  void checkWritable() {
    try {
      if (!overwrite && fs.exists(target)) throw new OutputExistsException(name);
      if (!partitionBy.isEmpty()) PartitionSwap.requirePartitioned(fs, target, name, partitionBy);
      firstMade = firstMissing(staging);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + name + ": " + e.getMessage(), e);
    }
    try {
      if (!fs.mkdirs(staging)) throw new IOException("cannot create a directory in " + firstMade.getParent());
    } catch (IOException e) {
      abort();
      throw new OutputNotWritableException(name, notWritable(firstMade.getParent(), e), e);
    }
  }

  /** The highest directory on the way to {@code dir} that does not exist yet, or {@code dir} itself. */
  private Path firstMissing(Path dir) throws IOException {
    Path p = dir;
    while (p.getParent() != null && !fs.exists(p.getParent())) p = p.getParent();
    return p;
  }

  private String notWritable(Path existing, IOException e) {
    try {
      if (existing != null && fs.exists(existing) && !fs.getFileStatus(existing).isDirectory()) return existing + " is not a directory";
    } catch (IOException ignored) {
      // The reason below is the file system's own.
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return reason.strip().lines().findFirst().orElse(reason);
  }

  FileSystem fs() { return fs; }
  Path target() { return target; }
  /** Where the new content is written; hidden from readers until {@link #commit()}. */
  Path staging() { return staging; }

  /** The three steps of the class comment. */
  void commit() throws IOException {
    boolean replacing = fs.exists(target);
    if (replacing && !overwrite) throw new OutputExistsException(name);
    if (replacing && !partitionBy.isEmpty()) {
      new PartitionSwap(fs, staging, target).commit();
      return;
    }
    if (replacing) moveOldAside();
    moveNewIn(replacing);
    if (replacing) dropOld();
  }

  private void moveOldAside() throws IOException {
    rename(target, new Path(staging, PREVIOUS));
  }

  /** The commit point. If it fails, the old directory goes back; if that fails too, the next run puts it back. */
  private void moveNewIn(boolean replacing) throws IOException {
    try {
      rename(staging, target);
    } catch (IOException e) {
      if (replacing) {
        try {
          rename(new Path(staging, PREVIOUS), target);
        } catch (IOException notBack) {
          e.addSuppressed(notBack);
        }
      }
      throw e;
    }
  }

  /** After the commit point: a failure here leaves the old content where readers skip it, and the run succeeded. */
  private void dropOld() {
    try {
      fs.delete(new Path(target, PREVIOUS), true);
    } catch (IOException e) {
      LOG.warn("{} is committed; its old content is left in {} ({})", name, PREVIOUS, e.getMessage());
    }
  }

  /**
   * Removes what a failed run wrote, with the parents it made for it, unless it holds the old directory, which the
   * next run puts back.
   */
  void abort() {
    try {
      if (fs.exists(new Path(staging, PREVIOUS))) return;
      fs.delete(staging, true);
      removeEmptyParents();
    } catch (IOException ignored) {
      // Best effort: a hidden staging directory is never read as a result.
    }
  }

  /**
   * The parents made for the staging directory, up to the highest, each only while it is empty: something else may
   * have been written into one since (a table's files, beside its rejects), and that stays.
   */
  private void removeEmptyParents() throws IOException {
    if (firstMade == null || firstMade.equals(staging)) return;
    for (Path p = staging.getParent(); p != null; p = p.getParent()) {
      if (!fs.exists(p) || fs.listStatus(p).length > 0 || !fs.delete(p, false)) return;
      if (p.equals(firstMade)) return;
    }
  }

  /**
   * The hidden directories of runs on this result that stopped before their commit, in one listing: one that holds
   * {@code _previous} (a replacement stopped between its renames) is put back when nothing is in place; one without,
   * untouched for {@link #ABANDONED_AFTER}, is removed, so that a scheduler's killed runs do not pile up unseen
   * beside the output. One that holds the old copies of a stopped partition swap is repaired by {@link PartitionSwap}.
   */
  private static void tidyAfterStoppedRuns(FileSystem fs, Path target) throws IOException {
    Path parent = target.getParent();
    if (parent == null || !fs.exists(parent)) return;
    boolean inPlace = fs.exists(target);
    long before = System.currentTimeMillis() - ABANDONED_AFTER.toMillis();
    for (FileStatus s : fs.listStatus(parent, p -> p.getName().startsWith(stagingPrefix(target)))) {
      Path previous = new Path(s.getPath(), PREVIOUS);
      if (PartitionSwap.stoppedIn(fs, s.getPath())) {
        new PartitionSwap(fs, s.getPath(), target).repair();
        inPlace = fs.exists(target);
      } else if (fs.exists(previous)) {
        if (inPlace) continue;
        LOG.warn("Restoring {}: an earlier run was stopped while replacing it", target);
        rename(fs, previous, target);
        fs.delete(s.getPath(), true);
        inPlace = true;
      } else if (lastChange(fs, s) < before) {
        LOG.info("Removing {}: a run writing {} stopped there before its commit", s.getPath().getName(), target.getName());
        fs.delete(s.getPath(), true);
      }
    }
  }

  /** The latest change anywhere in a directory: its tasks' files sit some levels down while a run goes on. */
  private static long lastChange(FileSystem fs, FileStatus dir) throws IOException {
    long latest = dir.getModificationTime();
    var files = fs.listFiles(dir.getPath(), true);
    while (files.hasNext()) latest = Math.max(latest, files.next().getModificationTime());
    return latest;
  }

  private void rename(Path from, Path to) throws IOException {
    rename(fs, from, to);
  }

  static void rename(FileSystem fs, Path from, Path to) throws IOException {
    if (!fs.rename(from, to)) throw new IOException("cannot rename " + from + " to " + to);
  }

  private static String stagingPrefix(Path target) {
    return "." + target.getName() + ".tmp-";
  }
}
