package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.DebugFilesystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The file systems the job runs on in tests: the one scripts/price uses, and Spark's own leak-checking one. */
@ExtendWith(SharedSpark.class)
class FileSystemTest {
  @TempDir Path tmp;

  private static Path corpus(String name) throws Exception {
    return Path.of(FileSystemTest.class.getResource("/bad-input/" + name).toURI());
  }

  /** conf/spark-defaults.conf makes local files plain, without Hadoop's .crc side files; the tests' session too. */
  @Test
  void testsWriteThroughTheLocalFileSystemScriptsPriceUses() throws Exception {
    Configuration hadoop = SharedSpark.spark().sparkContext().hadoopConfiguration();
    assertThat(FileSystem.get(URI.create("file:///"), hadoop)).isInstanceOf(RawLocalFileSystem.class);
    Path out = tmp.resolve("out");
    OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(List.of(corpus("mixed.jsonl").toString()), out.toString())).run();
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("_SUCCESS").noneMatch(n -> n.endsWith(".crc"));
    }
  }

  /**
   * Whole runs on Spark's DebugFilesystem, which records every input stream opened and not closed: a run over every
   * input format with rejects, read in many slices, and runs that stop at a broken file.
   */
  @Test
  void runsLeaveNoFileOpen() throws Exception {
    Path big = tmp.resolve("big-broken.json"); // an array breaking off after a megabyte
    StringBuilder array = new StringBuilder("[");
    for (int i = 0; array.length() <= 1 << 20; i++) array.append("{\"id\": \"B-").append(i).append("\", \"total\": 12.5},\n");
    Files.writeString(big, array.append("{\"id\": ").toString());
    Configuration hadoop = SharedSpark.spark().sparkContext().hadoopConfiguration();
    String fileImpl = hadoop.get("fs.file.impl");
    hadoop.set("fs.file.impl", DebugFilesystem.class.getName());
    hadoop.setBoolean("fs.file.impl.disable.cache", true);
    DebugFilesystem.clearOpenStreams();
    String split = SharedSpark.spark().conf().get("spark.sql.files.maxPartitionBytes");
    SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", "256");
    try {
      List<String> all = List.of(corpus("mixed.jsonl").toString(), corpus("mixed.json").toString(), corpus("mixed.csv").toString(),
          corpus("mixed.parquet").toString());
      JobResult r = OrderPricing.get(SharedSpark.spark()).job(JobSpec.of(all, tmp.resolve("out").toString())).run();
      assertThat(r.rejected()).isPositive();
      DebugFilesystem.assertNoOpenStreams();

      for (Path broken : List.of(corpus("broken-array.json"), corpus("broken-quote.csv"), big)) {
        assertThatThrownBy(() -> OrderPricing.get(SharedSpark.spark())
            .job(JobSpec.of(List.of(broken.toString()), tmp.resolve("out-" + broken.getFileName()).toString())).run())
            .as(broken.toString()).hasStackTraceContaining(broken.getFileName().toString());
        DebugFilesystem.assertNoOpenStreams();
      }
    } finally {
      SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", split);
      hadoop.set("fs.file.impl", fileImpl);
      hadoop.unset("fs.file.impl.disable.cache");
      DebugFilesystem.clearOpenStreams();
    }
  }
}
