package orderpricing.spark.output;

import orderpricing.spark.fs.HadoopPaths;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * One small file at a local or Hadoop path (the summary, the run record) that a reader sees whole or not at all:
 * written into a hidden file beside it, then renamed over it. On a local disk that is Java's atomic move, with no
 * Hadoop checksum files (whose names Hadoop cannot make for a name with a colon); elsewhere {@link FileContext}'s
 * rename with overwrite, atomic on HDFS.
 */
public final class WholeFile {
  private final String name;
  private final FileSystem fs;
  private final Path path;

  private WholeFile(String name, FileSystem fs, Path path) {
    this.name = name;
    this.fs = fs;
    this.path = path;
  }

  public static WholeFile at(String path, Configuration conf) throws IOException {
    Path p = HadoopPaths.asGiven(path);
    FileSystem fs = p.getFileSystem(conf);
    return new WholeFile(path, fs, fs.makeQualified(p));
  }

  /** Why the file cannot be written there (a directory in its place, a file where its directory should be), or null. */
  public String problem() throws IOException {
    if (fs.exists(path) && fs.getFileStatus(path).isDirectory()) return "is a directory; name the file to write";
    for (Path dir = path.getParent(); dir != null; dir = dir.getParent()) {
      if (!fs.exists(dir)) continue;
      FileStatus s = fs.getFileStatus(dir);
      return s.isDirectory() ? null : "lies under a file, not a directory";
    }
    return null;
  }

  public void write(byte[] content) throws IOException {
    if ("file".equals(path.toUri().getScheme())) {
      writeLocal(java.nio.file.Path.of(path.toUri()), content);
      return;
    }
    Path dir = path.getParent();
    fs.mkdirs(dir);
    Path partial = HadoopPaths.child(dir, "." + path.getName() + ".tmp-" + UUID.randomUUID());
    try {
      try (OutputStream out = fs.create(partial, false)) {
        out.write(content);
      }
      FileContext.getFileContext(path.toUri(), fs.getConf()).rename(partial, path, Options.Rename.OVERWRITE);
    } finally {
      if (fs.exists(partial)) fs.delete(partial, false);
    }
  }

  private static void writeLocal(java.nio.file.Path file, byte[] content) throws IOException {
    java.nio.file.Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    java.nio.file.Path partial = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
    try {
      Files.write(partial, content);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
