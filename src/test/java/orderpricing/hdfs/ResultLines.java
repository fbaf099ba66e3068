package orderpricing.hdfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import orderpricing.spark.SharedSpark;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** What a result holds, read through Hadoop from any file system (HDFS or local), for comparing runs. */
public final class ResultLines {
  private ResultLines() {}

  /** The lines of a directory's part files in name order; none when it does not exist. */
  public static List<String> of(String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    Path path = new Path(dir);
    try (FileSystem fs = FileSystem.newInstance(path.toUri(), SharedSpark.spark().sparkContext().hadoopConfiguration())) {
      if (!fs.exists(path)) return lines;
      List<FileStatus> parts = new ArrayList<>(List.of(fs.listStatus(path, p -> p.getName().startsWith("part-"))));
      parts.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      for (FileStatus part : parts) {
        try (var in = fs.open(part.getPath())) {
          new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(lines::add);
        }
      }
    }
    return lines;
  }

  /** Rejects without their source, which names the file as each run was given it. */
  public static List<String> withoutSource(List<String> rejects) {
    return rejects.stream().map(r -> r.replaceFirst("^\\{\"source\":\"[^\"]*\",", "{")).toList();
  }
}
