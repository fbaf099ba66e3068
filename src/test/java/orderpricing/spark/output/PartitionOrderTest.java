package orderpricing.spark.output;

import orderpricing.cli.JobProcess;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each partition directory holds its rows in input order, in part files named in that order, across several tasks and
 * with the write's sort spilling every hundred rows: Spark merges spilled runs in any order among equal keys, so a
 * sort by the partition columns alone mixes a partition's rows up. The run has a JVM of its own, where the spill
 * setting can be made.
 */
class PartitionOrderTest {
  private static final int ORDERS = 8_000;
  private static final Pattern ID = Pattern.compile("\"id\":\"o(\\d+)\"");

  @TempDir Path tmp;

  @Test
  void rowsOfEachPartitionStayInInputOrderAcrossTasksAndSpills() throws Exception {
    Path out = tmp.resolve("prices");
    Process p = JobProcess.start(tmp.resolve("out.txt"), tmp.resolve("err.txt"),
        "--input", input().toString(), "--output", out.toString(), "--output-format", "json",
        "--keep-columns", "region,day", "--partition-by", "region,day", "--master", "local[2]",
        "--conf", "spark.sql.files.maxPartitionBytes=64k",
        "--conf", "spark.shuffle.spill.numElementsForceSpillThreshold=100");
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isZero();

    List<Integer> seen = new ArrayList<>();
    for (Path partition : leaves(out)) {
      List<Integer> ids = ids(partition);
      assertThat(ids).as(partition + " in input order").isSorted().doesNotHaveDuplicates();
      for (int i : ids) assertThat(out.relativize(partition).toString()).isEqualTo("region=" + region(i) + "/day=" + day(i));
      seen.addAll(ids);
    }
    assertThat(seen).hasSize(ORDERS);
    assertThat(TestData.parts(out)).as("no part files outside the partitions").isEmpty();
  }

  /** Orders o0, o1, …, their partition values interleaved: no two neighbours share both. */
  private Path input() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < ORDERS; i++) {
      s.append("{\"id\":\"o").append(i).append("\",\"total\":").append(i % 997).append(".25,\"region\":\"")
          .append(region(i)).append("\",\"day\":\"").append(day(i)).append("\"}\n");
    }
    return TestData.write(tmp.resolve("orders.jsonl"), s.toString());
  }

  private static String region(int i) { return "r" + i % 5; }
  private static String day(int i) { return "d" + (i / 2) % 3; }

  private static List<Path> leaves(Path out) throws Exception {
    try (Stream<Path> dirs = Files.walk(out)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("day=")).sorted().toList();
    }
  }

  /** The ids in a partition's part files, the files in name order. */
  private static List<Integer> ids(Path partition) throws Exception {
    List<Path> files;
    try (Stream<Path> list = Files.list(partition)) {
      files = list.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList();
    }
    assertThat(files).as(partition + ": several tasks wrote into it").hasSizeGreaterThan(1);
    List<Integer> ids = new ArrayList<>();
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        Matcher m = ID.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        ids.add(Integer.parseInt(m.group(1)));
      }
    }
    return ids;
  }
}
