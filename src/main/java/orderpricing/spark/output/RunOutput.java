package orderpricing.spark.output;

import orderpricing.read.DataFormat;
import orderpricing.errors.UsageException;
import orderpricing.spark.fs.HadoopPaths;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where one run's result goes, and its commit as one unit. By default the rejects live inside the output, as
 * {@code _rejects/} (readers skip names starting with "_"): one directory holds the whole result, and one rename
 * commits it. Rejects elsewhere ({@code --rejects DIR}) are a directory of their own, committed first, so that the
 * output appearing is still the run's commit point.
 */
public final class RunOutput {
  public static final String REJECTS = "_rejects";

  private final ResultDir output;
  private final ResultDir rejects;
  private final Path rejectsStaging;
  private final List<ResultDir> commitOrder;

  private RunOutput(ResultDir output, ResultDir rejects, Path rejectsStaging) {
    this.output = output;
    this.rejects = rejects;
    this.rejectsStaging = rejectsStaging;
    this.commitOrder = rejects == output ? List.of(output) : List.of(rejects, output);
  }

  /** Checks before any work is done that the result may be written (putting back what a stopped run left aside). */
  public static RunOutput prepare(String output, String rejects, boolean overwrite, Configuration conf) {
    return prepare(output, rejects, overwrite, List.of(), conf);
  }

  /**
   * The same for an output partitioned by {@code partitionBy}: one that exists already is replaced partition by
   * partition ({@link PartitionSwap}), only in the partitions the run writes.
   */
  public static RunOutput prepare(String output, String rejects, boolean overwrite, List<String> partitionBy, Configuration conf) {
    RunOutput result = of(output, rejects, overwrite, partitionBy, conf);
    try {
      for (ResultDir dir : result.commitOrder) dir.checkWritable();
    } catch (RuntimeException e) {
      result.abort(); // the hidden directories made so far
      throw e;
    }
    return result;
  }

  private static RunOutput of(String outputPath, String rejectsPath, boolean overwrite, List<String> partitionBy, Configuration conf) {
    ResultDir output = ResultDir.restored(outputPath, overwrite, partitionBy, conf);
    Path inside = new Path(output.target(), REJECTS);
    Path rejects = output.fs().makeQualified(HadoopPaths.asGiven(rejectsPath));
    if (rejects.equals(inside)) return new RunOutput(output, output, new Path(output.staging(), REJECTS));
    if (nested(rejects, output.target()) || nested(output.target(), rejects)) {
      throw new UsageException(rejectsPath, "rejects " + rejectsPath + " overlap the output " + outputPath
          + "; keep them inside it, in " + REJECTS + ", or wholly apart from it");
    }
    ResultDir separate = ResultDir.restored(rejectsPath, overwrite, conf);
    return new RunOutput(output, separate, separate.staging());
  }

  public String outputStaging() { return output.staging().toString(); }
  public String rejectsStaging() { return rejectsStaging.toString(); }

  /**
   * Names the part files in output order, checks that the files hold the rows the run priced and rejected, and moves
   * the result into place; until then nothing of it is visible.
   */
  public void commit(DataFormat format, long priced, long rejected) throws IOException {
    PartFiles.settle(output.fs(), output.staging(), format, priced, "priced orders");
    PartFiles.settle(rejects.fs(), rejectsStaging, DataFormat.JSON, rejected, "rejected records");
    for (ResultDir dir : commitOrder) dir.commit();
  }

  /** Removes what a failed run wrote; whatever was in place stays. */
  public void abort() {
    for (ResultDir dir : commitOrder) dir.abort();
  }

  private static boolean nested(Path inner, Path outer) {
    for (Path p = inner; p != null; p = p.getParent()) if (p.equals(outer)) return true;
    return false;
  }
}
