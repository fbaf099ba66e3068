package orderpricing.spark.input;

import orderpricing.read.DataFormat;
import orderpricing.errors.UnknownFileTypeException;
import orderpricing.errors.UsageException;
import orderpricing.spark.fs.HadoopPaths;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orderpricing.errors.InputFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.security.AccessControlException;

/**
 * Resolves the inputs as given into files in input order: inputs in the order given, a directory's files in name
 * order (code-point order; names starting with _ or . skipped, as Spark does), each with its format and codec. Every
 * other file must be one the job reads: a file it would not read is an error naming it, never skipped unsaid. Only
 * regular files are read (a pipe or device has no length to plan by, executors cannot reach the driver's pipes, and
 * opening a FIFO blocks), and each file only once.
 */
public final class InputFiles {
  /** Plain code-point order of names, what {@code LC_ALL=C ls} shows. */
  static final Comparator<String> NAME_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  private static final String DATA_FILES = ".json, .jsonl, .ndjson, .parquet, .csv, optionally compressed " + InputCodecs.READABLE;

  private InputFiles() {}

  public static List<InputFile> resolve(List<String> inputs, DataFormat forced, Configuration conf) {
    InputCodecs codecs = InputCodecs.of(conf);
    List<InputFile> files = new ArrayList<>();
    Map<String, String> seen = new HashMap<>(); // a file's identity -> the name it was first given as
    for (String input : inputs) {
      Path path = HadoopPaths.asGiven(input);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus status = fs.getFileStatus(path);
        List<FileStatus> found = status.isDirectory() ? children(fs, status, input) : List.of(status);
        for (FileStatus f : found) {
          String display = status.isDirectory() ? display(f.getPath(), input) : input;
          requireRegular(fs, f, display);
          InputFile file = file(files.size(), f, forced, codecs, display, status.isDirectory());
          String first = seen.putIfAbsent(identity(fs, f), display);
          if (first != null) throw new UsageException(display, display + ": given twice (also as " + first + "); give each input once");
          files.add(file);
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

  /** Those of {@code files} whose paths are in {@code paths}, in their order, numbered again from 0 as a run's inputs are. */
  public static List<InputFile> only(List<InputFile> files, java.util.Set<String> paths) {
    List<InputFile> kept = new ArrayList<>();
    for (InputFile f : files) {
      if (paths.contains(f.path())) kept.add(new InputFile(kept.size(), f.path(), f.format(), f.displayName(), f.length(), f.codec()));
    }
    return kept;
  }

  /** A directory's files in name order, without the names Spark and Hadoop skip. */
  private static List<FileStatus> children(FileSystem fs, FileStatus dir, String input) throws IOException {
    List<FileStatus> children = new ArrayList<>();
    for (FileStatus child : fs.listStatus(dir.getPath())) {
      String name = child.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) continue;
      if (child.isDirectory()) throw new InputFileException(display(child.getPath(), input), "is a directory inside an input directory; give it as an input of its own");
      children.add(child);
    }
    children.sort(Comparator.comparing((FileStatus s) -> s.getPath().getName(), NAME_ORDER));
    return children;
  }

  private static InputFile file(int index, FileStatus status, DataFormat forced, InputCodecs codecs, String display, boolean inDirectory) {
    String name = status.getPath().getName();
    CompressionCodec codec = codecs.codec(name, display);
    DataFormat format = forced != null ? forced : DataFormat.ofFileName(InputCodecs.withoutExtension(name, codec));
    if (format == null && inDirectory) {
      throw new UnknownFileTypeException(display, "not a data file (" + DATA_FILES + "); move it out or give one format for all inputs");
    }
    if (format == null) throw new UnknownFileTypeException(display, "unknown file type; name it " + DATA_FILES + ", or give one format for all inputs");
    if (format == DataFormat.PARQUET && codec != null) {
      throw new InputFileException(display, "a compressed Parquet file, which the job does not read (Parquet compresses inside the file); decompress it");
    }
    // Readability is found out when the file is opened: asking first costs a process per file on local disks.
    return new InputFile(index, status.getPath().toString(), format, display, status.getLen(), codec == null ? null : codec.getClass().getName());
  }

  /**
   * Hadoop's local file system calls a pipe, a FIFO or a device a file (of length 0); the local file's own status,
   * which follows symbolic links such as /dev/stdin and never opens the file, tells them apart.
   */
  private static void requireRegular(FileSystem fs, FileStatus status, String display) {
    boolean regular = status.isFile() && (local(fs) ? Files.isRegularFile(localPath(status)) : true);
    if (!regular) throw new InputFileException(display, "not a regular file (a pipe or device); write it to a file first");
  }

  /** What makes two inputs the same file: where its path leads, links followed. */
  private static String identity(FileSystem fs, FileStatus status) throws IOException {
    return HadoopPaths.real(status.getPath(), fs).toString();
  }

  private static boolean local(FileSystem fs) {
    return "file".equals(fs.getUri().getScheme());
  }

  private static java.nio.file.Path localPath(FileStatus status) {
    return java.nio.file.Path.of(status.getPath().toUri());
  }

  /** A directory's file is named as the directory was given, plus its own name. */
  private static String display(Path child, String dirAsGiven) {
    return dirAsGiven.endsWith("/") ? dirAsGiven + child.getName() : dirAsGiven + "/" + child.getName();
  }
}
