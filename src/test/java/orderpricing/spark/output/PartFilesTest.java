package orderpricing.spark.output;

import orderpricing.read.DataFormat;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part files of a write before the commit, named as Spark names them: their order, and the rows they hold. */
class PartFilesTest {
  @TempDir Path tmp;
  private FileSystem fs;

  @BeforeEach
  void localFileSystem() throws Exception {
    fs = new RawLocalFileSystem();
    fs.initialize(URI.create("file:///"), new Configuration());
  }

  private void sparkPart(int partition, int file, String... ids) {
    StringBuilder lines = new StringBuilder();
    for (String id : ids) lines.append("{\"id\":\"").append(id).append("\"}\n");
    TestData.write(tmp.resolve(String.format("part-%05d-%s-c%03d.json", partition, UUID.randomUUID(), file)), lines.toString());
  }

  /** As Spark names a part file in a partition directory: {@code .c000} after the job's uuid. */
  private void sparkPartIn(String dir, int partition, int file, String id) {
    TestData.write(tmp.resolve(dir).resolve(String.format("part-%05d-%s.c%03d.json", partition, UUID.randomUUID(), file)),
        "{\"id\":\"" + id + "\"}\n");
  }

  @Test
  void partsInNestedPartitionDirectoriesAreNamedPerDirectoryAndCountedTogether() throws Exception {
    sparkPartIn("region=EU/day=1", 12, 0, "EU1-c");
    sparkPartIn("region=EU/day=1", 3, 1, "EU1-b");
    sparkPartIn("region=EU/day=1", 3, 0, "EU1-a");
    sparkPartIn("region=EU/day=2", 7, 0, "EU2");
    sparkPartIn("region=a%2Fb/day=1", 0, 0, "AB1");
    PartFiles.settle(fs, new org.apache.hadoop.fs.Path(tmp.toUri()), DataFormat.JSON, 5, "priced orders"); // all five
    assertThat(TestData.lines(tmp.resolve("region=EU/day=1"))).containsExactly(
        "{\"id\":\"EU1-a\"}", "{\"id\":\"EU1-b\"}", "{\"id\":\"EU1-c\"}");
    assertThat(TestData.parts(tmp.resolve("region=EU/day=2")).stream().map(p -> p.getFileName().toString())).containsExactly("part-00000.json");
    assertThat(TestData.lines(tmp.resolve("region=a%2Fb/day=1"))).containsExactly("{\"id\":\"AB1\"}");
    assertThat(tmp.resolve("_SUCCESS")).exists();
  }

  @Test
  void partsAreNamedInPartitionThenFileOrderPastFiveDigitsAndAThousandFiles() throws Exception {
    sparkPart(100_000, 0, "E");
    sparkPart(99_999, 0, "D");
    sparkPart(5, 1_000, "C");
    sparkPart(5, 999, "B");
    sparkPart(5, 0, "A", "A2");
    TestData.write(tmp.resolve("_SUCCESS"), "");
    PartFiles.settle(fs, new org.apache.hadoop.fs.Path(tmp.toUri()), DataFormat.JSON, 6, "priced orders");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted()).containsExactly(
          "_SUCCESS", "part-00000.json", "part-00001.json", "part-00002.json", "part-00003.json", "part-00004.json");
    }
    assertThat(TestData.lines(tmp)).containsExactly(
        "{\"id\":\"A\"}", "{\"id\":\"A2\"}", "{\"id\":\"B\"}", "{\"id\":\"C\"}", "{\"id\":\"D\"}", "{\"id\":\"E\"}");
  }

  @Test
  void filesHoldingFewerRowsThanPricedAreNotCommitted() {
    sparkPart(0, 0, "A", "B");
    sparkPart(1, 0, "C");
    assertThatThrownBy(() -> PartFiles.settle(fs, new org.apache.hadoop.fs.Path(tmp.toUri()), DataFormat.JSON, 4, "priced orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the written files hold 3 rows for 4 priced orders; nothing was committed");
  }

  @Test
  void aFileNamedOtherwiseIsNotTakenForAPart() {
    sparkPart(0, 0, "A");
    TestData.write(tmp.resolve("orders.json"), "{\"id\":\"B\"}\n");
    assertThatThrownBy(() -> PartFiles.settle(fs, new org.apache.hadoop.fs.Path(tmp.toUri()), DataFormat.JSON, 2, "priced orders"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("unexpected orders.json");
  }

  @Test
  void nothingWrittenIsAnEmptyCompleteDirectory() throws Exception {
    Path dir = tmp.resolve("rejects");
    PartFiles.settle(fs, new org.apache.hadoop.fs.Path(dir.toUri()), DataFormat.JSON, 0, "rejected records");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).isEqualTo(List.of("_SUCCESS"));
    }
  }
}
