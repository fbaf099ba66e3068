package orderpricing.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An output directory that appears whole or not at all. Spark writes into a hidden sibling ({@code .name.tmp-…},
 * skipped by Spark and Hadoop readers); {@link #commit()} gives the part files stable names in partition order and
 * moves the directory into place, replacing an old one only then. A run that fails or is killed leaves nothing at the
 * output path.
 */
public final class AtomicOutput {
  private static final Pattern PART = Pattern.compile("part-(\\d+)-[^.]*?(?:-c\\d+)?(\\..*)?");

  private final FileSystem fs;
  private final Path target;
  private final Path staging;
  private final boolean overwrite;

  private AtomicOutput(FileSystem fs, Path target, boolean overwrite) {
    this.fs = fs;
    this.target = target;
    this.overwrite = overwrite;
    this.staging = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
  }

  /** Checks up front that the target may be written, before any work is done. */
  public static AtomicOutput prepare(String path, boolean overwrite, Configuration conf) {
    try {
      Path target = new Path(path);
      FileSystem fs = target.getFileSystem(conf);
      target = fs.makeQualified(target);
      if (!overwrite && fs.exists(target)) throw new OutputExistsException(path);
      return new AtomicOutput(fs, target, overwrite);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Where Spark writes; hidden from readers until {@link #commit()}. */
  public String stagingPath() {
    return staging.toString();
  }

  public String path() {
    return target.toString();
  }

  /** An empty result: just the success marker, without a Spark job to write nothing. */
  public void writeEmpty() throws IOException {
    fs.mkdirs(staging);
    fs.create(new Path(staging, "_SUCCESS"), false).close();
  }

  /** Names part files {@code part-00000.ext} in partition order, then moves the directory into place. */
  public void commit() throws IOException {
    renameParts();
    if (fs.exists(target)) {
      if (!overwrite) throw new OutputExistsException(target.toString());
      Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
      if (!fs.rename(target, old)) throw new IOException("cannot move the old " + target + " aside");
      if (!fs.rename(staging, target)) {
        fs.rename(old, target);
        throw new IOException("cannot move the new output into " + target);
      }
      fs.delete(old, true);
    } else {
      fs.mkdirs(target.getParent());
      if (!fs.rename(staging, target)) throw new IOException("cannot move the new output into " + target);
    }
  }

  /** Removes what a failed run wrote; the target is untouched. */
  public void abort() {
    try {
      fs.delete(staging, true);
    } catch (IOException ignored) {
      // Best effort: a hidden staging directory is never read as a result.
    }
  }

  private void renameParts() throws IOException {
    List<FileStatus> parts = new ArrayList<>();
    for (FileStatus f : fs.listStatus(staging)) if (f.getPath().getName().startsWith("part-")) parts.add(f);
    for (FileStatus f : parts) {
      Matcher m = PART.matcher(f.getPath().getName());
      if (!m.matches()) continue;
      String name = String.format("part-%05d%s", Long.parseLong(m.group(1)), m.group(2) == null ? "" : m.group(2));
      if (!fs.rename(f.getPath(), new Path(staging, name))) throw new IOException("cannot rename " + f.getPath());
    }
  }
}
