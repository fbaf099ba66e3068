package orderpricing.spark.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Paths as the user wrote them, made Hadoop {@link Path}s. Hadoop's {@code new Path(String)} takes whatever comes
 * before a colon ahead of the first slash as a scheme, so a local file named {@code a:b.jsonl}, or a child
 * {@code .a:b.tmp-…} of an output {@code out/a:b}, fails with "Relative path in absolute URI". Here only a string
 * that starts like a URI ({@code hdfs://…}, {@code file:/…}, {@code s3a://…}) has a scheme; anything else is a path,
 * colons and all. A path without a scheme stays without one: it means the default file system, local here, HDFS on
 * a cluster whose default it is.
 */
public final class HadoopPaths {
  /** A URI's scheme (RFC 3986: a letter, then letters, digits, +, - or .) followed by a slash. */
  private static final Pattern URI_START = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:/.*", Pattern.DOTALL);

  private HadoopPaths() {}

  /** The path the user wrote: a URI when it starts like one, otherwise a path on the default file system. */
  public static Path asGiven(String path) {
    // Hadoop's three-argument constructor takes the path as a path, putting "./" before a relative one with a colon.
    return URI_START.matcher(path).matches() ? new Path(path) : new Path(null, null, path);
  }

  /**
   * Where a path leads: qualified on its file system ({@code ..} folded by name, as Hadoop writes) and, on the local
   * disk, with every symbolic link on the way followed, the names that do not exist yet kept after the real part. Two
   * spellings of one file, or of one place to be written, lead to the same path.
   */
  public static Path real(Path path, FileSystem fs) throws IOException {
    Path qualified = fs.makeQualified(path);
    if (!"file".equals(qualified.toUri().getScheme())) return qualified;
    // Built from the path's text: a URI of an existing directory would end in "/" and compare unequal.
    return new Path("file", null, followLinks(java.nio.file.Path.of(qualified.toUri())).toString());
  }

  private static java.nio.file.Path followLinks(java.nio.file.Path absolute) throws IOException {
    java.nio.file.Path real = absolute.getRoot();
    for (java.nio.file.Path name : absolute) {
      real = real.resolve(name);
      if (Files.exists(real)) {
        try {
          real = real.toRealPath();
        } catch (java.nio.file.NoSuchFileException pipe) {
          // A link into /proc that names no file (a pipe's /dev/stdin): left as it is.
        }
      }
    }
    return real;
  }

  /** The entry {@code name} of {@code dir}, the name taken as a name whatever colons it holds. */
  public static Path child(Path dir, String name) {
    return new Path(dir, new Path(null, null, name));
  }
}
