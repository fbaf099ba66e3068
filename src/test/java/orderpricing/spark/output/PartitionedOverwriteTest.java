package orderpricing.spark.output;

import orderpricing.errors.OutputExistsException;
import orderpricing.errors.UsageException;
import orderpricing.read.DataFormat;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.StoppingFileSystem;
import orderpricing.spark.StoppingFileSystem.Stop;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A partitioned output replaced with overwrite: only the partitions the run has change, each whole; the others stay
 * byte for byte; a run stopped at any change leaves every partition old or new, and the next run puts back one left
 * aside.
 */
@ExtendWith(SharedSpark.class)
class PartitionedOverwriteTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The old run: regions A, B and C, and one reject. */
  private static final String[] OLD = {"OLD-A1 A", "OLD-B1 B", "OLD-X!", "OLD-C1 C", "OLD-A2 A"};
  /** The new run: A and B again, D new, and one reject; nothing in C. */
  private static final String[] NEW = {"NEW-A1 A", "NEW-D1 D", "NEW-Y!", "NEW-B1 B"};
  private static final String ABSENT = "absent";

  @TempDir Path tmp;

  @Test
  void onlyThePartitionsOfTheRunAreReplacedTheOthersStayByteForByte() throws Exception {
    Path out = tmp.resolve("prices");
    run(input("old", OLD), out, false);
    Map<String, String> before = files(out);
    run(input("new", "NEW-A1 A", "NEW-D1 D", "NEW-Y!"), out, true);

    assertThat(ids(out, "region=A")).isEqualTo("[NEW-A1]");
    assertThat(ids(out, "region=D")).isEqualTo("[NEW-D1]");
    assertThat(ids(out, "_rejects")).isEqualTo("[NEW-Y]");
    Map<String, String> after = files(out);
    for (String untouched : List.of("region=B", "region=C")) {
      assertThat(under(after, untouched)).as(untouched).isNotEmpty().isEqualTo(under(before, untouched));
    }
    assertThat(out.resolve("_SUCCESS")).exists();
    assertThat(hidden()).as("nothing of the run left beside the output").isEmpty();
  }

  @Test
  void anExistingOutputIsRefusedWithoutOverwriteAndOneNotPartitionedSoEvenWithIt() throws Exception {
    Path out = tmp.resolve("prices"), flat = tmp.resolve("flat");
    run(input("old", OLD), out, false);
    run(JobSpec.builder(List.of(input("old", OLD).toString()), flat.toString()).outputFormat(DataFormat.JSON)
        .keepColumns(List.of("region")).build());
    Map<String, String> before = files(out), flatBefore = files(flat);

    assertThatThrownBy(() -> run(input("new", NEW), out, false)).isInstanceOf(OutputExistsException.class);
    assertThatThrownBy(() -> run(spec(input("new", NEW), flat, true))).isInstanceOf(UsageException.class)
        .hasMessageContaining("is not partitioned by region");
    assertThat(files(out)).isEqualTo(before);
    assertThat(files(flat)).isEqualTo(flatBefore);
  }

  /**
   * A run replacing partitions, stopped at each change it makes in turn (the k-th rename or delete outside Spark's
   * task files) as by a crash or by one failed call, until it gets through. The runs with overwrite after a repair
   * are made once the loop is through, for the points that left a partition absent: the other points add nothing.
   */
  @ParameterizedTest
  // Killed at each change; the same loop with each call failing in turn (Stop.FAIL) doubles the time, left out of the suite.
  @EnumSource(value = Stop.class, names = "CRASH")
  void aRunStoppedAtAnyChangeLeavesEachPartitionOldOrNewAndTheNextRunRepairsIt(Stop stop) throws Exception {
    Path oldInput = input("old", OLD), newInput = input("new", NEW);
    Path template = tmp.resolve("template");
    run(oldInput, template.resolve("prices"), false);
    Map<String, String> oldC = under(files(template.resolve("prices")), "region=C");
    List<Path> repaired = new ArrayList<>();

    int k = 1;
    for (boolean stopped = true; stopped; k++) {
      Path dir = tmp.resolve("k" + k), out = dir.resolve("prices");
      TestData.copyTree(template, dir);
      Configuration hadoop = SharedSpark.spark().sparkContext().hadoopConfiguration();
      String fileImpl = hadoop.get("fs.file.impl");
      StoppingFileSystem.arm(dir, k, stop);
      StoppingFileSystem.use(hadoop);
      boolean succeeded;
      try {
        run(newInput, out, true);
        succeeded = true;
      } catch (RuntimeException e) {
        succeeded = false;
      } finally {
        StoppingFileSystem.restore(hadoop, fileImpl);
        StoppingFileSystem.disarm();
      }
      stopped = StoppingFileSystem.changes() >= k;
      Map<String, String> seen = seen(out);
      String at = stop + " at change " + k + ": " + seen;

      assertThat(under(files(out), "region=C")).as("untouched: " + at).isEqualTo(oldC);
      assertThat(seen.get("A")).as(at).isIn("[OLD-A1, OLD-A2]", "[NEW-A1]", ABSENT);
      assertThat(seen.get("B")).as(at).isIn("[OLD-B1]", "[NEW-B1]", ABSENT);
      assertThat(seen.get("D")).as(at).isIn("[NEW-D1]", ABSENT);
      assertThat(seen.get("_rejects")).as(at).isIn("[OLD-X]", "[NEW-Y]", ABSENT);
      long absent = Stream.of("A", "B", "_rejects").filter(u -> seen.get(u).equals(ABSENT)).count();
      assertThat(absent).as("at most the partition between its renames is absent: " + at).isLessThanOrEqualTo(stop == Stop.FAIL ? 0 : 1);
      if (succeeded) assertThat(seen).as(at).isEqualTo(allNew());
      else if (seen.get("_SUCCESS").equals("yes")) assertThat(seen).as("complete means one run's: " + at).isIn(allOld(), allNew());

      // The next run, not allowed to overwrite, first puts back a partition left aside, then refuses.
      assertThatThrownBy(() -> run(newInput, out, false)).as(at).isInstanceOf(OutputExistsException.class);
      Map<String, String> after = seen(out);
      for (String unit : List.of("A", "B", "_rejects")) {
        assertThat(after.get(unit)).as(unit + " after the repair: " + at)
            .isEqualTo(seen.get(unit).equals(ABSENT) ? allOld().get(unit) : seen.get(unit));
      }
      assertThat(aside(dir)).as("no old partition left aside: " + at).isEmpty();
      if (absent > 0) repaired.add(dir);
    }
    assertThat(k).as("the run was stopped at several points").isGreaterThan(8);
    if (stop == Stop.CRASH) assertThat(repaired).as("some stop left a partition absent").isNotEmpty();

    // A run that may overwrite then leaves the new partitions, the untouched one as it was, and nothing else.
    for (Path dir : repaired) {
      run(newInput, dir.resolve("prices"), true);
      assertThat(seen(dir.resolve("prices"))).as(dir.toString()).isEqualTo(allNew());
      assertThat(under(files(dir.resolve("prices")), "region=C")).as(dir.toString()).isEqualTo(oldC);
      assertThat(aside(dir)).as(dir.toString()).isEmpty();
    }
  }

  private static Map<String, String> allOld() {
    return Map.of("A", "[OLD-A1, OLD-A2]", "B", "[OLD-B1]", "C", "[OLD-C1]", "D", ABSENT, "_rejects", "[OLD-X]", "_SUCCESS", "yes");
  }

  private static Map<String, String> allNew() {
    return Map.of("A", "[NEW-A1]", "B", "[NEW-B1]", "C", "[OLD-C1]", "D", "[NEW-D1]", "_rejects", "[NEW-Y]", "_SUCCESS", "yes");
  }

  /** Each region's ids in part-file order, the rejects' ids, and whether _SUCCESS is there. */
  private static Map<String, String> seen(Path out) throws IOException {
    Map<String, String> seen = new TreeMap<>();
    for (String region : List.of("A", "B", "C", "D")) seen.put(region, ids(out, "region=" + region));
    seen.put("_rejects", ids(out, "_rejects"));
    seen.put("_SUCCESS", Files.exists(out.resolve("_SUCCESS")) ? "yes" : "no");
    return seen;
  }

  private static String ids(Path out, String dir) throws IOException {
    if (!Files.exists(out.resolve(dir))) return ABSENT;
    List<String> ids = new ArrayList<>();
    for (String line : TestData.lines(out.resolve(dir))) ids.add(JSON.readTree(line).get("id").asText());
    return ids.toString();
  }

  private void run(Path input, Path out, boolean overwrite) {
    run(spec(input, out, overwrite));
  }

  private static JobSpec spec(Path input, Path out, boolean overwrite) {
    return JobSpec.builder(List.of(input.toString()), out.toString()).outputFormat(DataFormat.JSON)
        .keepColumns(List.of("region")).partitionBy(List.of("region")).overwrite(overwrite).build();
  }

  private static void run(JobSpec spec) {
    OrderPricing.get(SharedSpark.spark()).job(spec).run();
  }

  /** JSON Lines orders "ID REGION"; an id ending in "!" has a total that is not a number, so it is rejected. */
  private Path input(String name, String... orders) {
    StringBuilder s = new StringBuilder();
    for (String o : orders) {
      String[] f = o.split(" ");
      s.append(o.endsWith("!") ? "{\"id\":\"" + o.substring(0, o.length() - 1) + "\",\"total\":\"x\"}\n"
          : "{\"id\":\"" + f[0] + "\",\"total\":1,\"region\":\"" + f[1] + "\"}\n");
    }
    return TestData.write(tmp.resolve(name + ".jsonl"), s.toString());
  }

  /** Every file of a directory by its relative path, with its content. */
  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).toList()) files.put(dir.relativize(f).toString(), Files.readString(f));
    }
    return files;
  }

  private static Map<String, String> under(Map<String, String> files, String prefix) {
    Map<String, String> under = new TreeMap<>();
    files.forEach((path, text) -> {
      if (path.startsWith(prefix + "/")) under.put(path, text);
    });
    return under;
  }

  private List<String> hidden() throws IOException {
    try (Stream<Path> left = Files.list(tmp)) {
      return left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".prices")).toList();
    }
  }

  /** Hidden directories beside the output that hold old copies. */
  private static List<String> aside(Path dir) throws IOException {
    try (Stream<Path> left = Files.list(dir)) {
      return left.filter(p -> Files.exists(p.resolve(ResultDir.PREVIOUS))).map(p -> p.getFileName().toString()).toList();
    }
  }
}
