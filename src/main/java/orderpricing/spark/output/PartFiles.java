package orderpricing.spark.output;

import orderpricing.read.DataFormat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The part files one Spark write left in a directory, before it is committed: renamed so that name order is output
 * order, and counted, so that a run never reports rows its files do not hold.
 *
 * <p>Spark names them {@code part-<partition>-<job uuid>-c<file>.<ext>} ({@code .c<file>} in partition directories).
 * A partition writes several files when {@code spark.sql.files.maxRecordsPerFile} is set, and partition numbers
 * outgrow their five digits past 99,999, so neither number alone sorts. They become {@code part-00000.<ext>}, {@code part-00001.<ext>}, … in (partition, file)
 * order, all with as many digits as the last needs (at least five): the same names for the same run.
 *
 * <p>Partitioned output ({@code --partition-by}) has them in Hive-style directories, {@code region=EU/}, nested for
 * more columns: each directory's files are named so on their own, and all of them counted together.
 */
final class PartFiles {
  private static final Pattern SPARK_PART = Pattern.compile("part-(\\d+)-.+[-.]c(\\d+)(\\..+)?");
  private static final int MIN_DIGITS = 5;

  private PartFiles() {}

  /**
   * Names the part files in {@code dir} in output order, marks the directory complete with {@code _SUCCESS} (also
   * when a writer setting left none, or there was nothing to write), and checks that the files hold {@code expected}
   * rows.
   *
   * @param what the rows, for the message: "priced orders"
   */
  static void settle(FileSystem fs, Path dir, DataFormat format, long expected, String what) throws IOException {
    if (!fs.exists(dir)) fs.mkdirs(dir);
    long rows = named(fs, dir, format);
    if (rows != expected) {
      throw new IllegalStateException("the written files hold " + rows + " rows for " + expected + " " + what
          + "; nothing was committed");
    }
    Path success = new Path(dir, "_SUCCESS");
    if (!fs.exists(success)) fs.create(success, false).close();
  }

  /** Names the part files in {@code dir} and in the partition directories below it; returns the rows they hold. */
  private static long named(FileSystem fs, Path dir, DataFormat format) throws IOException {
    List<Part> parts = new ArrayList<>();
    long rows = 0;
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (name.startsWith("_") || name.startsWith(".")) continue;
      if (f.isDirectory() && name.contains("=")) rows += named(fs, f.getPath(), format);
      else parts.add(sparkPart(f));
    }
    parts.sort(Comparator.comparingLong(Part::partition).thenComparingLong(Part::index));
    int digits = Math.max(MIN_DIGITS, String.valueOf(parts.size() - 1).length());
    for (int i = 0; i < parts.size(); i++) {
      Part p = parts.get(i);
      Path named = new Path(dir, String.format("part-%0" + digits + "d%s", i, extension(p.extension(), format)));
      if (!fs.rename(p.file().getPath(), named)) throw new IOException("cannot rename " + p.file().getPath() + " to " + named);
      rows += FileRecords.count(fs, named, format);
    }
    return rows;
  }

  /**
   * The extension a part file keeps: Spark's own, except that JSON output, written by Spark's text writer
   * ({@link JsonLines}), is named {@code .json} rather than {@code .txt}, before any compression suffix.
   */
  private static String extension(String written, DataFormat format) {
    return format == DataFormat.JSON && written.startsWith(".txt") ? ".json" + written.substring(".txt".length()) : written;
  }

  /**
   * A part file as Spark named it. Names starting with "_" or "." (Spark's and Hadoop's own, skipped by readers) and
   * partition directories are not passed here.
   */
  private static Part sparkPart(FileStatus f) {
    String name = f.getPath().getName();
    Matcher m = SPARK_PART.matcher(name);
    if (!f.isFile() || !m.matches()) {
      throw new IllegalStateException("unexpected " + name + " among the written files: a writer setting this job "
          + "does not support? Nothing was committed");
    }
    return new Part(f, Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), m.group(3) == null ? "" : m.group(3));
  }

  private record Part(FileStatus file, long partition, long index, String extension) {}
}
