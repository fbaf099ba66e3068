package orderpricing.spark.fs;

import java.util.regex.Pattern;
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

  /** The entry {@code name} of {@code dir}, the name taken as a name whatever colons it holds. */
  public static Path child(Path dir, String name) {
    return new Path(dir, new Path(null, null, name));
  }
}
