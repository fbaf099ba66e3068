package orderpricing.spark.output;

import orderpricing.errors.OutputExistsException;
import orderpricing.read.DataFormat;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.StoppingFileSystem;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import orderpricing.spark.StoppingFileSystem.Stop;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run replacing an older result, stopped at each change it makes to the file system in turn (the k-th rename or
 * delete outside Spark's task files), until it gets through: stopped as by a crash (no change after
 * that one) or by one failed call. Whatever the point, a reader of the output sees the old result or the new one,
 * whole, with its own rejects; the next run puts back an old result left aside; and a run with overwrite then leaves
 * the new result and nothing else.
 */
@ExtendWith(SharedSpark.class)
class CommitStopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String OLD = "priced [OLD-1, OLD-3], rejected [OLD-2]";
  private static final String NEW = "priced [NEW-1, NEW-2, NEW-4], rejected [NEW-3]";
  private static final String NONE = "nothing";

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}, rejects elsewhere: {1}")
  @CsvSource({"CRASH, false", "FAIL, false", "CRASH, true", "FAIL, true"})
  void aRunStoppedAtAnyChangeLeavesTheOldOrTheNewResultWhole(Stop stop, boolean rejectsElsewhere) throws Exception {
    Path oldInput = TestData.write(tmp.resolve("old.jsonl"), lines("OLD-1", "OLD-2!", "OLD-3"));
    Path newInput = TestData.write(tmp.resolve("new.jsonl"), lines("NEW-1", "NEW-2", "NEW-3!", "NEW-4"));
    Path template = tmp.resolve("template");
    run(oldInput, template, rejectsElsewhere, false);

    int k = 1;
    for (boolean stopped = true; stopped; k++) {
      Path dir = tmp.resolve("k" + k);
      TestData.copyTree(template, dir);
      Path out = dir.resolve("prices");
      Path rejects = rejectsElsewhere ? dir.resolve("rejects") : out.resolve("_rejects");

      Configuration hadoop = SharedSpark.spark().sparkContext().hadoopConfiguration();
      String fileImpl = hadoop.get("fs.file.impl");
      StoppingFileSystem.arm(dir, k, stop);
      StoppingFileSystem.use(hadoop);
      boolean succeeded;
      try {
        run(newInput, dir, rejectsElsewhere, true);
        succeeded = true;
      } catch (RuntimeException e) {
        succeeded = false;
      } finally {
        StoppingFileSystem.restore(hadoop, fileImpl);
        StoppingFileSystem.disarm();
      }
      stopped = StoppingFileSystem.changes() >= k;
      String output = seen(out), rejected = seen(rejects);
      String at = stop + " at change " + k + ": output " + output + ", rejects " + rejected;

      if (succeeded) {
        assertThat(output).as(at).isEqualTo(NEW);
      } else if (stop == Stop.FAIL) {
        assertThat(output).as(at).isEqualTo(OLD); // a failed call is undone by the run itself
      } else {
        assertThat(output).as(at).isIn(OLD, NEW, NONE);
      }
      if (output.equals(NEW)) assertThat(rejected).as("rejects are committed with or before the output: " + at).isEqualTo(NEW);
      if (!rejectsElsewhere) assertThat(rejected).as(at).isEqualTo(output);
      if (rejectsElsewhere) assertThat(rejected).as(at).isIn(OLD, NEW, NONE);

      // The next run, not allowed to overwrite, first puts back an old result left aside, then refuses.
      assertThatThrownBy(() -> run(newInput, dir, rejectsElsewhere, false)).as(at).isInstanceOf(OutputExistsException.class);
      assertThat(seen(out)).as(at).isEqualTo(output.equals(NONE) ? OLD : output);
      assertThat(seen(rejects)).as(at).isEqualTo(rejected.equals(NONE) ? OLD : rejected);

      // A run that may overwrite leaves the new result, and nothing else of either run.
      run(newInput, dir, rejectsElsewhere, true);
      assertThat(seen(out)).as(at).isEqualTo(NEW);
      assertThat(seen(rejects)).as(at).isEqualTo(NEW);
      assertThat(out.resolve(ResultDir.PREVIOUS)).as(at).doesNotExist();
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString()).filter(n -> Files.exists(dir.resolve(n).resolve(ResultDir.PREVIOUS))))
            .as("no old result left aside: " + at).isEmpty();
      }
    }
    assertThat(k).as("the run was stopped at several points").isGreaterThan(4);
  }

  private static void run(Path input, Path dir, boolean rejectsElsewhere, boolean overwrite) {
    Path out = dir.resolve("prices");
    JobSpec.Builder spec = JobSpec.builder(List.of(input.toString()), out.toString()).outputFormat(DataFormat.JSON).overwrite(overwrite);
    if (rejectsElsewhere) spec.rejects(dir.resolve("rejects").toString()).previewRows(0);
    OrderPricing.get(SharedSpark.spark()).job(spec.build()).run();
  }

  /** JSON Lines orders; an id ending in "!" has a total that is not a number, so it is rejected. */
  private static String lines(String... ids) {
    StringBuilder s = new StringBuilder();
    for (String id : ids) {
      s.append(id.endsWith("!") ? "{\"id\":\"" + id.substring(0, id.length() - 1) + "\",\"total\":\"x\"}\n" : "{\"id\":\"" + id + "\",\"total\":1}\n");
    }
    return s.toString();
  }

  /** What a reader of a result directory sees: its part files in name order, if it is complete (has _SUCCESS). */
  private static String seen(Path dir) throws IOException {
    if (!Files.exists(dir)) return NONE;
    if (!Files.exists(dir.resolve("_SUCCESS"))) return "incomplete: " + dir;
    List<String> ids = new ArrayList<>();
    for (String line : TestData.lines(dir)) ids.add(JSON.readTree(line).get("id").asText());
    boolean rejects = dir.getFileName().toString().contains("rejects");
    String old = rejects ? "[OLD-2]" : "[OLD-1, OLD-3]", now = rejects ? "[NEW-3]" : "[NEW-1, NEW-2, NEW-4]";
    String got = ids.toString();
    return got.equals(old) ? OLD : got.equals(now) ? NEW : (rejects ? "rejected " : "priced ") + got;
  }
}
