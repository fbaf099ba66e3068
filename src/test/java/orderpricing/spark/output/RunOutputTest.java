package orderpricing.spark.output;

import orderpricing.errors.OutputExistsException;
import orderpricing.spark.JobResult;
import orderpricing.spark.JobSpec;
import orderpricing.spark.OrderPricing;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import orderpricing.errors.UsageException;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Where a run's result goes: the output with its rejects inside, or rejects in a directory of their own. */
@ExtendWith(SharedSpark.class)
class RunOutputTest {
  @TempDir Path tmp;

  private Path input() {
    return TestData.write(tmp.resolve("orders.jsonl"), "{\"id\":\"A\",\"total\":1}\n{\"id\":\"B\",\"total\":\"x\"}\n{\"id\":\"C\",\"total\":3}\n");
  }

  private static JobResult run(JobSpec spec) {
    return OrderPricing.get(SharedSpark.spark()).job(spec).run();
  }

  private JobSpec withRejects(Path out, Path rejects, boolean overwrite) {
    return JobSpec.builder(List.of(input().toString()), out.toString()).rejects(rejects.toString()).overwrite(overwrite).build();
  }

  @Test
  void rejectsLiveInsideTheOutputWhereReadersOfTheOutputSkipThem() {
    Path out = tmp.resolve("out");
    JobResult r = run(JobSpec.of(List.of(input().toString()), out.toString()));
    assertThat(r.rejects()).isEqualTo(out + "/_rejects");
    assertThat(TestData.lines(out.resolve("_rejects"))).hasSize(1);
    assertThat(out.resolve("_rejects/_SUCCESS")).exists();
    assertThat(SharedSpark.spark().read().parquet(out.toString()).count()).isEqualTo(2);
  }

  @Test
  void anOutputDeletedIsWrittenAgainWithoutOverwrite() {
    Path out = tmp.resolve("out");
    JobSpec spec = JobSpec.of(List.of(input().toString()), out.toString());
    run(spec);
    TestData.deleteTree(out);
    assertThat(run(spec).priced()).isEqualTo(2);
    assertThat(TestData.lines(out.resolve("_rejects"))).hasSize(1);
  }

  @Test
  void rejectsElsewhereAreADirectoryOfTheirOwnCommittedWithTheOutput() throws Exception {
    Path out = tmp.resolve("out"), rejects = tmp.resolve("rejected/today");
    JobResult r = run(withRejects(out, rejects, false));
    assertThat(r.rejects()).isEqualTo(rejects.toString());
    assertThat(TestData.lines(rejects)).hasSize(1);
    assertThat(rejects.resolve("_SUCCESS")).exists();
    assertThat(out.resolve("_rejects")).doesNotExist();

    assertThatThrownBy(() -> run(withRejects(tmp.resolve("other"), rejects, false)))
        .isInstanceOf(OutputExistsException.class).hasMessageContaining(rejects.toString());
    assertThat(tmp.resolve("other")).doesNotExist();
    assertThat(run(withRejects(out, rejects, true)).rejected()).isEqualTo(1);
  }

  @Test
  void rejectsInsideTheOutputUnderAnotherNameOrAroundItAreRefusedBeforeAnyWork() throws Exception {
    Path out = tmp.resolve("out");
    for (Path rejects : List.of(out, out.resolve("rejects"), tmp)) {
      // Around the output they also hold the input: that is refused first.
      assertThatThrownBy(() -> run(withRejects(out, rejects, true))).isInstanceOf(UsageException.class)
          .hasMessageContaining(rejects.equals(tmp) ? rejects + " holds the input" : "rejects " + rejects + " overlap the output " + out);
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("orders.jsonl");
    }
    assertThat(run(withRejects(out, out.resolve("_rejects"), false)).rejects()).isEqualTo(out + "/_rejects");
  }

  /**
   * A scheduler that kills runs leaves their hidden directories beside the output: the next run removes those
   * untouched for a day, and leaves a younger one, which may belong to a run still going.
   */
  @Test
  void hiddenDirectoriesOfRunsKilledADayAgoAreRemovedYoungerOnesKept() throws Exception {
    Path out = tmp.resolve("out");
    Path old = tmp.resolve(".out.tmp-killed-yesterday");
    Path young = tmp.resolve(".out.tmp-still-running");
    Path other = tmp.resolve(".other.tmp-killed-yesterday");
    long twoDaysAgo = System.currentTimeMillis() - java.time.Duration.ofDays(2).toMillis();
    for (Path dir : List.of(old, other)) {
      Path part = TestData.write(dir.resolve("_temporary/0/task/part-00000.parquet"), "old rows");
      for (Path p = part; !p.equals(tmp); p = p.getParent()) Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(twoDaysAgo));
    }
    TestData.write(young.resolve("_temporary/0/task/part-00000.parquet"), "rows being written");
    Files.setLastModifiedTime(young, java.nio.file.attribute.FileTime.fromMillis(twoDaysAgo)); // only its file is new

    run(JobSpec.of(List.of(input().toString()), out.toString()));

    assertThat(old).doesNotExist();
    assertThat(young.resolve("_temporary/0/task/part-00000.parquet")).exists();
    assertThat(other).as("another output's directory").exists();
    assertThat(SharedSpark.spark().read().parquet(out.toString()).count()).isEqualTo(2);
  }
}
