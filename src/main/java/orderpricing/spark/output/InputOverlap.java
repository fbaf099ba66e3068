package orderpricing.spark.output;

import orderpricing.errors.PathOverlapException;
import orderpricing.errors.UsageException;
import orderpricing.spark.fs.HadoopPaths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
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
    List<Path> read = inputs.stream().map(i -> canonical(i, conf)).toList();
    for (String w : written) {
      Path out = canonical(w, conf);
      for (int k = 0; k < inputs.size(); k++) {
        String i = inputs.get(k);
        Path in = read.get(k);
        if (out.equals(in)) throw new PathOverlapException(w, i, "is the input");
        if (within(in, out)) throw new PathOverlapException(w, i, "holds the input");
        if (within(out, in)) throw new PathOverlapException(w, i, "lies inside the input directory");
      }
    }
  }

  /**
   * Refuses a file written beside the result (the summary, the run record) that is, or lies inside, one of the result
   * directories: the commit would replace it, or readers of the output would take it for data.
   */
  public static void requireOutside(List<String> resultDirs, String file, Configuration conf) {
    Path f = canonical(file, conf);
    for (String dir : resultDirs) {
      Path d = canonical(dir, conf);
      if (f.equals(d) || within(f, d)) {
        throw new UsageException(file, file + " lies inside the result " + dir + "; write it beside the result, not in it");
      }
    }
  }

  private static boolean within(Path inner, Path outer) {
    for (Path p = inner.getParent(); p != null; p = p.getParent()) if (p.equals(outer)) return true;
    return false;
  }

  /** Where a path leads (see {@link HadoopPaths#real}). */
  static Path canonical(String given, Configuration conf) {
    try {
      Path path = HadoopPaths.asGiven(given);
      return HadoopPaths.real(path, path.getFileSystem(conf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check " + given + ": " + e.getMessage(), e);
    }
  }
}
