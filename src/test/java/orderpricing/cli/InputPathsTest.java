package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paths real pipelines give as inputs: pipes and FIFOs, compressed files, directories holding other files, the
 * same file given twice, text that is not UTF-8.
 */
@ExtendWith(SharedSpark.class)
class InputPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Only a guard against a hang: the runs below end in seconds. */
  private static final Duration HANG_GUARD = Duration.ofSeconds(120);
  private static final String ORDERS = "{\"id\":\"A\",\"total\":10}\n{\"id\":\"B\",\"total\":\"x\"}\n{\"id\":\"C\",\"total\":30,\"discount\":0.5}\n";

  @TempDir Path tmp;

  private static Path corpus(String name) throws Exception {
    return Path.of(InputPathsTest.class.getResource("/bad-input/" + name).toURI());
  }

  private static void assertOneLineError(CommandRun run, int code, String line) {
    assertThat(run.code()).as(run.err()).isEqualTo(code);
    assertThat(run.err().strip().lines()).as(run.err()).containsExactly("order-pricing: " + line);
  }

  private static Path fifo(Path path) throws Exception {
    Process mk = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    assertThat(mk.waitFor()).isZero();
    return path;
  }

  /** Opening a FIFO read-write never blocks and lets a reader stuck in its open (today's code) go on. */
  private static void release(Path fifo) throws Exception {
    new RandomAccessFile(fifo.toFile(), "rw").close();
  }

  @Test
  void aNamedFifoIsRefusedAtOnceWithoutBeingOpened() throws Exception {
    Path pipe = fifo(tmp.resolve("orders.jsonl"));
    try {
      CommandRun run = assertTimeoutPreemptively(HANG_GUARD, () -> CommandRun.price(
          "--input", pipe.toString(), "--output", tmp.resolve("out").toString()));
      assertOneLineError(run, 1, pipe + ": not a regular file (a pipe or device); write it to a file first");
      assertThat(tmp.resolve("out")).doesNotExist();
    } finally {
      release(pipe);
    }
  }

  @Test
  void aFifoInAnInputDirectoryIsRefusedAtOnce() throws Exception {
    Path dir = tmp.resolve("in");
    TestData.write(dir.resolve("a.jsonl"), ORDERS);
    Path pipe = fifo(dir.resolve("b.jsonl"));
    try {
      CommandRun run = assertTimeoutPreemptively(HANG_GUARD, () -> CommandRun.price(
          "--input", dir.toString(), "--output", tmp.resolve("out").toString()));
      assertOneLineError(run, 1, dir + "/b.jsonl: not a regular file (a pipe or device); write it to a file first");
    } finally {
      release(pipe);
    }
  }

  /** {@code cat orders.jsonl | scripts/price --input /dev/stdin --input-format json}: the job's stdin is a pipe. */
  @Test
  void aPipeOnStandardInputIsRefusedAtOnce() throws Exception {
    Path err = tmp.resolve("err.txt");
    Process p = JobProcess.start(tmp.resolve("out.txt"), err, "--input", "/dev/stdin", "--input-format", "json",
        "--output", tmp.resolve("out").toString(), "--master", "local[1]");
    try (OutputStream stdin = p.getOutputStream()) {
      stdin.write(ORDERS.getBytes(StandardCharsets.UTF_8));
      stdin.flush();
      assertThat(p.waitFor(HANG_GUARD.toSeconds(), TimeUnit.SECONDS)).as("the run ends").isTrue();
    } finally {
      p.destroyForcibly();
    }
    assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(1);
    assertThat(Files.readString(err).lines().filter(l -> l.startsWith("order-pricing:")))
        .containsExactly("order-pricing: /dev/stdin: not a regular file (a pipe or device); write it to a file first");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  /** Every column of the output, row by row in order, and every rejects line without its source. */
  private record Result(List<String> rows, List<String> rejects) {}

  private Result price(String name, Path... inputsAndFormat) throws Exception {
    return price(name, List.of(), inputsAndFormat);
  }

  private Result price(String name, List<String> extra, Path... inputs) throws Exception {
    Path out = tmp.resolve("out-" + name);
    List<String> args = new ArrayList<>();
    for (Path in : inputs) args.addAll(List.of("--input", in.toString()));
    args.addAll(List.of("--output", out.toString(), "--output-format", "json"));
    args.addAll(extra);
    CommandRun run = CommandRun.price(args.toArray(String[]::new));
    assertThat(run.code()).as(run.err()).isZero();
    List<String> rows = new ArrayList<>();
    for (Row r : TestData.readInOrder(SharedSpark.spark(), out, "json")) rows.add(r.toString());
    List<String> rejects = new ArrayList<>();
    for (String line : TestData.lines(out.resolve("_rejects"))) {
      com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(line);
      node.remove("source");
      rejects.add(node.toString());
    }
    return new Result(rows, rejects);
  }

  @Test
  void compressedJsonLinesAndCsvGiveTheRowsAndRejectsOfThePlainFile() throws Exception {
    for (String plain : List.of("mixed.jsonl", "mixed.csv")) {
      Result expected = price(plain, corpus(plain));
      assertThat(expected.rejects()).isNotEmpty();
      for (String codec : List.of("gz", "bz2", "zst")) {
        Result got = price(plain + "." + codec, corpus(plain + "." + codec));
        assertThat(got).as(plain + "." + codec).isEqualTo(expected);
      }
    }
  }

  @Test
  void aGzipFileReadWithAnInputFormatIsDecompressed() throws Exception {
    Path gz = tmp.resolve("orders.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(ORDERS.getBytes(StandardCharsets.UTF_8));
    }
    Path plain = TestData.write(tmp.resolve("orders.jsonl"), ORDERS);
    Result got = price("gz", List.of("--input-format", "json"), gz);
    assertThat(got).isEqualTo(price("plain", plain));
    assertThat(got.rows()).hasSize(2);
    assertThat(got.rejects()).hasSize(1);
  }

  @Test
  void aDirectoryMixingPlainAndCompressedFilesIsReadInNameOrderAsIfNoneWereCompressed() throws Exception {
    Path mixed = tmp.resolve("mixed"), plain = tmp.resolve("plain");
    Files.createDirectories(mixed);
    Files.createDirectories(plain);
    String[][] files = {{"a.csv", "mixed.csv", ".bz2"}, {"b.jsonl", "mixed.jsonl", ""}, {"c.jsonl", "mixed.jsonl", ".gz"}, {"d.csv", "mixed.csv", ".zst"}};
    for (String[] f : files) {
      Files.copy(corpus(f[1] + f[2]), mixed.resolve(f[0] + f[2]));
      Files.copy(corpus(f[1]), plain.resolve(f[0]));
    }
    Result got = price("mixed", mixed);
    assertThat(got).isEqualTo(price("plain", plain));
    assertThat(got.rows()).hasSize(12);
    assertThat(got.rows().get(0)).contains("C-1");
    assertThat(got.rows().get(3)).contains("J-01");
  }

  @Test
  void aFileInAnInputDirectoryThatIsNotReadIsAnErrorNamingIt() throws Exception {
    Path dir = tmp.resolve("in");
    TestData.write(dir.resolve("a.jsonl"), ORDERS);
    TestData.write(dir.resolve("notes.txt"), "landed by the nightly export\n");
    TestData.write(dir.resolve("_SUCCESS"), "");
    TestData.write(dir.resolve(".a.jsonl.crc"), "");
    CommandRun run = CommandRun.price("--input", dir.toString(), "--output", tmp.resolve("out").toString());
    assertOneLineError(run, 1, dir + "/notes.txt: not a data file (.json, .jsonl, .ndjson, .parquet, .csv, "
        + "optionally compressed .gz, .bz2, .zst, .deflate); move it out or give one format for all inputs (--input-format)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aCompressionTheJobCannotReadIsAnErrorNamingTheFile() throws Exception {
    Path lz4 = corpus("mixed.jsonl.lz4");
    CommandRun run = CommandRun.price("--input", lz4.toString(), "--input-format", "json", "--output", tmp.resolve("out").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("order-pricing: " + lz4 + ": compressed with lz4"));
    Path xz = TestData.write(tmp.resolve("orders.jsonl.xz"), "not really xz");
    CommandRun xzRun = CommandRun.price("--input", xz.toString(), "--input-format", "json", "--output", tmp.resolve("out").toString());
    assertThat(xzRun.code()).isEqualTo(1);
    assertThat(xzRun.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("order-pricing: " + xz + ": compressed with xz"));
    Path gzParquet = TestData.write(tmp.resolve("orders.parquet.gz"), "");
    CommandRun parquetRun = CommandRun.price("--input", gzParquet.toString(), "--output", tmp.resolve("out").toString());
    assertThat(parquetRun.code()).isEqualTo(1);
    assertThat(parquetRun.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("order-pricing: " + gzParquet + ": a compressed Parquet file"));
  }

  @Test
  void aTruncatedGzipFileIsAnErrorNamingIt() throws Exception {
    byte[] whole = Files.readAllBytes(corpus("mixed.jsonl.gz"));
    Path cut = Files.write(tmp.resolve("cut.jsonl.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
    CommandRun run = CommandRun.price("--input", cut.toString(), "--output", tmp.resolve("out").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err().strip().lines()).hasSize(1).allMatch(l -> l.startsWith("order-pricing: " + cut + ": cannot be read"));
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void theSameInputGivenTwiceIsAUsageErrorNamingIt() throws Exception {
    Path dir = tmp.resolve("in");
    Path a = TestData.write(dir.resolve("a.jsonl"), ORDERS);
    TestData.write(dir.resolve("b.jsonl"), ORDERS);
    Path link = Files.createSymbolicLink(tmp.resolve("link.jsonl"), a);
    String out = tmp.resolve("out").toString();
    String dotted = dir + "/./a.jsonl";
    String[][] cases = {
        {a.toString(), a.toString(), a + ": given twice (also as " + a + "); give each input once"},
        {a.toString(), dotted, dotted + ": given twice (also as " + a + "); give each input once"},
        {dir.toString(), a.toString(), a + ": given twice (also as " + dir + "/a.jsonl); give each input once"},
        {a.toString(), dir.toString(), dir + "/a.jsonl: given twice (also as " + a + "); give each input once"},
        {link.toString(), a.toString(), a + ": given twice (also as " + link + "); give each input once"}};
    for (String[] c : cases) {
      CommandRun run = CommandRun.price("--input", c[0], "--input", c[1], "--output", out);
      assertOneLineError(run, 2, c[2]);
      assertThat(tmp.resolve("out")).doesNotExist();
    }
    assertThat(CommandRun.price("--input", a.toString(), "--input", dir.resolve("b.jsonl").toString(), "--output", out).code()).isZero();
  }

  @Test
  void aRecordThatIsNotUtf8IsRejectedAndItsRejectsLineIsValidJson() throws Exception {
    Path out = tmp.resolve("out");
    Path latin1 = corpus("latin1.jsonl");
    CommandRun run = CommandRun.price("--input", latin1.toString(), "--output", out.toString());
    assertThat(run.code()).as(run.err()).isZero();
    List<Path> parts = TestData.parts(out.resolve("_rejects"));
    byte[] bytes = Files.readAllBytes(parts.get(0));
    assertThat(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString()).isNotEmpty();
    JsonNode first = JSON.readTree(TestData.lines(out.resolve("_rejects")).get(0));
    assertThat(first.get("position").asLong()).isEqualTo(2);
    assertThat(first.get("reason").asText()).isEqualTo("record is not valid UTF-8");
    assertThat(first.get("record").asText()).isEqualTo("{\"id\": \"caf\uFFFD\uFFFD-1\", \"total\": 10}");

    CommandRun fail = CommandRun.price("--input", latin1.toString(), "--output", tmp.resolve("out2").toString(), "--on-invalid", "fail");
    assertOneLineError(fail, 1, "invalid order in " + latin1 + " at position 2: record is not valid UTF-8");
    assertThat(tmp.resolve("out2")).doesNotExist();
  }
}
