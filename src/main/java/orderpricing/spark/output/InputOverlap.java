package orderpricing.spark.output;

import orderpricing.errors.PathOverlapException;
import orderpricing.spark.fs.HadoopPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Keeps what a run writes away from what it reads. A path written (the output, the rejects, a summary) that is an
 * input, holds one, or lies inside an input directory is refused before anything is read, written or deleted: a
 * commit there would replace the user's data, or a later run would read the result as input.
 *
 * <p>Paths are compared as Hadoop writes them (qualified, {@code ..} folded by name) and, on the local file system,
 * with symbolic links followed, so a link or a relative spelling does not hide an overlap.
 */
public final class InputOverlap {
  private InputOverlap() {}

  /** Refuses the first path written that touches an input. */
  public static void requireApart(List<String> inputs, List<String> written, Configuration conf) {
    for (String w : written) {
      Path out = canonical(w, conf);
      for (String i : inputs) {
        Path in = canonical(i, conf);
        if (out.equals(in)) throw new PathOverlapException(w, i, "is the input");
        if (within(in, out)) throw new PathOverlapException(w, i, "holds the input");
        if (within(out, in)) throw new PathOverlapException(w, i, "lies inside the input directory");
      }
    }
  }

  private static boolean within(Path inner, Path outer) {
    for (Path p = inner.getParent(); p != null; p = p.getParent()) if (p.equals(outer)) return true;
    return false;
  }

  /** Where a path leads: qualified on its file system, and on a local disk with every link on the way followed. */
  static Path canonical(String given, Configuration conf) {
    try {
      Path path = HadoopPaths.asGiven(given);
      FileSystem fs = path.getFileSystem(conf);
      Path qualified = fs.makeQualified(path);
      if (!(fs instanceof LocalFileSystem) && !"file".equals(qualified.toUri().getScheme())) return qualified;
      // Built from the path's text: a URI of an existing directory would end in "/" and compare unequal.
      return new Path("file", null, followLinks(Paths.get(qualified.toUri())).toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + given + ": " + e.getMessage(), e);
    }
  }

  /** The real path of the part that exists, with the names that do not exist yet after it. */
  private static java.nio.file.Path followLinks(java.nio.file.Path absolute) throws IOException {
    java.nio.file.Path real = absolute.getRoot();
    for (java.nio.file.Path name : absolute) {
      real = real.resolve(name);
      if (Files.exists(real)) {
        try {
          real = real.toRealPath();
        } catch (java.nio.file.NoSuchFileException pipe) {
          // A link into /proc that names no file (a pipe's /dev/stdin): it is not a place a result is written.
        }
      }
    }
    return real;
  }
}
