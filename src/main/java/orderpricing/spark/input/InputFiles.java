package orderpricing.spark.input;

import orderpricing.spark.DataFormat;
import orderpricing.spark.HadoopPaths;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import orderpricing.read.InputFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the inputs as given into files in input order: inputs in the order given, a directory's data files in
 * name order (code-point order; names starting with _ or . skipped, as Spark does, and files of no data format
 * skipped with a warning), each with its format. A file given by name must be of a known format.
 */
public final class InputFiles {
  private static final Logger LOG = LoggerFactory.getLogger(InputFiles.class);
  /** Plain code-point order of names, what {@code LC_ALL=C ls} shows. */
  static final Comparator<String> NAME_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());

  private InputFiles() {}

  public static List<InputFile> resolve(List<String> inputs, DataFormat forced, Configuration conf) {
    List<InputFile> files = new ArrayList<>();
    for (String input : inputs) {
      Path path = HadoopPaths.asGiven(input);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(path);
        if (status.isDirectory()) {
          List<FileStatus> children = new ArrayList<>();
          for (FileStatus child : fs.listStatus(path)) {
            String name = child.getPath().getName();
            if (name.startsWith("_") || name.startsWith(".")) continue;
            if (child.isDirectory()) throw new InputFileException(display(child.getPath(), input), "is a directory inside an input directory; give it as an input of its own");
            children.add(child);
          }
          children.sort(Comparator.comparing((FileStatus s) -> s.getPath().getName(), NAME_ORDER));
          for (FileStatus child : children) {
            if (forced == null && DataFormat.ofFileName(child.getPath().getName()) == null) {
              // A directory may hold other files beside its data (a README, a script): said, not read.
              LOG.warn("Skipping {}: not a .json, .jsonl, .ndjson, .parquet or .csv file", display(child.getPath(), input));
              continue;
            }
            files.add(file(files.size(), fs, child, forced, display(child.getPath(), input)));
          }
        } else {
          files.add(file(files.size(), fs, status, forced, input));
        }
      } catch (FileNotFoundException e) {
        throw new InputFileException(input, "no such file or directory");
      } catch (AccessControlException e) {
        throw new InputFileException(input, "permission denied");
      } catch (IOException e) {
        throw new InputFileException(input, "cannot be read: " + e.getMessage(), e);
      }
    }
    return files;
  }

  private static InputFile file(int index, FileSystem fs, FileStatus status, DataFormat forced, String display) {
    DataFormat format = forced != null ? forced : DataFormat.ofFileName(status.getPath().getName());
    if (format == null) {
      throw new InputFileException(display, "unknown file type; name it .json, .jsonl, .ndjson, .parquet or .csv, or pass --input-format");
    }
    // Readability is found out when the file is opened: asking first costs a process per file on local disks.
    return new InputFile(index, status.getPath().toString(), format, display, status.getLen());
  }

  /** A directory's file is named as the directory was given, plus its own name. */
  private static String display(Path child, String dirAsGiven) {
    return dirAsGiven.endsWith("/") ? dirAsGiven + child.getName() : dirAsGiven + "/" + child.getName();
  }
}
