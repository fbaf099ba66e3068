package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every path a run writes (output, rejects, summary), placed against its inputs in every relation (the same path,
 * a parent, a child, a sibling, reached through a symbolic link or {@code ..}), with {@code --overwrite}: an
 * overlapping one is refused before anything happens, exit 2, one line naming both paths; a path apart from the
 * inputs is written. In no combination does any input file change.
 */
@ExtendWith(SharedSpark.class)
class InputOverlapTest {
  @TempDir static Path tmp;
  static Path in, more, inLink, aLink;

  @BeforeAll
  static void inputs() throws IOException {
    in = Files.createDirectories(tmp.resolve("in"));
    more = Files.createDirectories(tmp.resolve("more"));
    TestData.write(in.resolve("a.jsonl"), "{\"id\":\"A-1\",\"total\":10}\n{\"id\":\"A-2\",\"total\":\"x\"}\n");
    TestData.write(in.resolve("b.csv"), "id,total,discount\nB-1,20,0.5\n");
    TestData.write(more.resolve("c.json"), "[{\"id\":\"C-1\",\"total\":30}]");
    inLink = Files.createSymbolicLink(tmp.resolve("in-link"), in);
    aLink = Files.createSymbolicLink(tmp.resolve("a-link"), in.resolve("a.jsonl"));
  }

  /** Inputs as a run gives them, with written paths that overlap them and written paths apart from them. */
  private record Inputs(List<String> given, List<String> overlapping, List<String> apart) {}

  private static List<Inputs> cases() {
    return List.of(
        new Inputs(List.of(p(in)),
            List.of(p(in), p(tmp), p(in) + "/out", p(inLink), p(inLink) + "/out", p(more) + "/../in", p(in) + "/x/..",
                p(in) + "/a.jsonl", p(in) + "/"),
            List.of(p(tmp) + "/in-priced", p(more) + "/out")),
        new Inputs(List.of(p(in) + "/a.jsonl", p(more) + "/c.json"),
            List.of(p(in) + "/a.jsonl", p(aLink), p(in), p(inLink), p(more) + "/c.json", p(more), p(in) + "/../more",
                p(inLink) + "/./a.jsonl"),
            List.of(p(in) + "/a.jsonl.out", p(tmp) + "/out", p(inLink) + "/priced")),
        new Inputs(List.of(p(inLink)),
            List.of(p(in), p(in) + "/out", p(in) + "/b.csv", p(tmp) + "/./in-link"),
            List.of(p(tmp) + "/in-link-priced")));
  }

  @TestFactory
  Stream<DynamicTest> noWrittenPathEverTouchesAnInput() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Inputs c : cases()) {
      for (String role : List.of("--output", "--rejects", "--summary")) {
        for (String w : c.overlapping()) tests.add(DynamicTest.dynamicTest(role + " " + w + " against " + c.given(), () -> refused(c, role, w)));
        for (String w : c.apart()) tests.add(DynamicTest.dynamicTest(role + " " + w + " apart from " + c.given(), () -> written(c, role, w)));
      }
    }
    return tests.stream();
  }

  private static void refused(Inputs c, String role, String written) {
    Map<String, String> before = snapshot();
    List<Path> everything = tree();
    CommandRun r = run(c, role, written);
    assertThat(snapshot()).as("input files after the run").isEqualTo(before);
    assertThat(tree()).as("nothing written, nothing deleted").isEqualTo(everything);
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(written.replaceAll("/$", "")).containsAnyOf(c.given().toArray(String[]::new)).doesNotContain("\tat ");
    assertThat(r.out()).doesNotContain("Priced");
  }

  private static void written(Inputs c, String role, String written) {
    Map<String, String> before = snapshot();
    CommandRun r = run(c, role, written);
    assertThat(snapshot()).as("input files after the run").isEqualTo(before);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(Path.of(written)).exists();
    TestData.deleteTree(Path.of(written)); // a result left in a folder that a later case reads would be read as input
  }

  /** The written path in its role; the other results go to a place apart from every input. */
  private static CommandRun run(Inputs c, String role, String written) {
    List<String> args = new ArrayList<>();
    for (String i : c.given()) args.addAll(List.of("--input", i));
    args.addAll(List.of("--output", role.equals("--output") ? written : p(tmp) + "/elsewhere", "--overwrite", "--preview", "0"));
    if (!role.equals("--output")) args.addAll(List.of(role, written));
    return CommandRun.price(args.toArray(String[]::new));
  }

  @Test
  void theOutputInsideItsInputDirectoryIsRefusedOnTheFirstRun() {
    CommandRun r = CommandRun.price("--input", p(in), "--output", p(in) + "/prices");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(p(in) + "/prices lies inside the input directory " + p(in));
    assertThat(in.resolve("prices")).doesNotExist();
  }

  @Test
  void aSummaryThatIsADirectoryIsRefusedBeforeTheRun() throws IOException {
    Path out = tmp.resolve("summary-dir-out");
    Path dir = Files.createDirectories(tmp.resolve("summary-dir"));
    CommandRun r = CommandRun.price("--input", p(in) + "/b.csv", "--output", p(out), "--summary", p(dir));
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--summary " + p(dir) + ": is a directory");
    assertThat(out).as("nothing committed, so a rerun is not refused").doesNotExist();
  }

  /** Each input file by its content's digest; a missing one as missing. */
  private static Map<String, String> snapshot() {
    Map<String, String> files = new TreeMap<>();
    for (Path f : List.of(in.resolve("a.jsonl"), in.resolve("b.csv"), more.resolve("c.json"))) files.put(f.toString(), digest(f));
    return files;
  }

  private static List<Path> tree() {
    try (Stream<Path> walk = Files.walk(tmp)) {
      return walk.filter(f -> !f.startsWith(tmp.resolve("elsewhere"))).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file's SHA-256, or "missing". */
  static String digest(Path f) {
    if (!Files.isRegularFile(f)) return "missing";
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String p(Path path) {
    return path.toString();
  }
}
