package orderpricing.spark.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import orderpricing.spark.SharedSpark;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text file cut into many slices gives exactly the records, positions and problems of the same file read whole:
 * line breaks at and across slice boundaries, CRLF, blank and whitespace-only lines, a byte order mark, no final line
 * break, invalid records at known lines.
 */
@ExtendWith(SharedSpark.class)
class SlicingTest {
  @TempDir Path tmp;

  private static SparkSession spark() {
    return SharedSpark.spark();
  }

  /** id, position, problem and raw record of every staged row, in partition order, and the partition count. */
  private record Staged(List<String> rows, int partitions) {}

  private Staged stage(Path file, String maxPartitionBytes) {
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", maxPartitionBytes);
    spark().conf().set("spark.sql.files.openCostInBytes", "1");
    spark().conf().set("spark.sql.files.minPartitionNum", "1");
    try {
      InputPlan plan = InputPlan.of(spark(), InputFiles.resolve(List.of(file.toString()), null, spark().sparkContext().hadoopConfiguration()));
      List<String> rows = new ArrayList<>();
      for (Row r : StagedOrdersSource.load(spark(), plan).collectAsList()) {
        rows.add(r.getLong(1) + " " + r.getString(2) + " " + r.get(3) + " " + r.getString(6) + " " + r.getString(7));
      }
      return new Staged(rows, plan.partitionCount());
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
      spark().conf().unset("spark.sql.files.openCostInBytes");
      spark().conf().unset("spark.sql.files.minPartitionNum");
    }
  }

  private static Path write(Path file, String text) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void jsonLinesCutAnywhereGiveTheLinesOfTheWholeFile() throws Exception {
    Random random = new Random(11);
    StringBuilder text = new StringBuilder("\uFEFF\n \r\n\t\n");
    List<Long> invalidLines = new ArrayList<>();
    long line = 3; // the three lines above
    for (int i = 0; i < 400; i++) {
      line++;
      String end = random.nextInt(4) == 0 ? "\r\n" : "\n";
      switch (random.nextInt(8)) {
        case 0 -> text.append(end); // blank
        case 1 -> text.append("   ").append(end); // whitespace only
        case 2 -> {
          text.append("{\"id\":\"X-").append(i).append("\",\"total\":\"12.50\"}").append(end);
          invalidLines.add(line);
        }
        case 3 -> {
          text.append("{\"id\":\"B-").append(i).append("\",\"total\":").append(end); // does not parse
          invalidLines.add(line);
        }
        default -> text.append("{\"id\":\"J-").append(i).append("\",\"total\":").append(random.nextInt(100000) / 100.0)
            .append(",\"discount\":0.").append(random.nextInt(10)).append(",\"note\":\"").append("x".repeat(random.nextInt(300)))
            .append("\"}").append(end);
      }
    }
    text.append("{\"id\":\"LAST\",\"total\":1}"); // no final line break
    Path file = write(tmp.resolve("big.jsonl"), text.toString());

    Staged whole = stage(file, "1g");
    Staged sliced = stage(file, "256");
    assertThat(whole.partitions()).isEqualTo(1);
    assertThat(sliced.partitions()).as("cut into many slices").isGreaterThan(50);
    assertThat(sliced.rows()).containsExactlyElementsOf(whole.rows());
    assertThat(sliced.rows().get(sliced.rows().size() - 1)).startsWith((line + 1) + " LAST ");
    List<Long> rejectedAt = sliced.rows().stream().filter(r -> !r.split(" ")[3].equals("null") || r.contains(" does not parse"))
        .map(r -> Long.parseLong(r.split(" ")[0])).toList();
    assertThat(rejectedAt).containsExactlyElementsOf(invalidLines);
  }

  @Test
  void csvCutAnywhereGivesTheRecordsOfTheWholeFile() throws Exception {
    Random random = new Random(5);
    StringBuilder text = new StringBuilder("\uFEFFid,total,discount\r\n");
    for (int i = 0; i < 400; i++) {
      String end = random.nextInt(3) == 0 ? "\r\n" : "\n";
      switch (random.nextInt(6)) {
        case 0 -> text.append(end); // empty: no record
        case 1 -> text.append("C-").append(i).append(",abc,0.1").append(end);
        case 2 -> text.append("\"C-").append(i).append(", \"\"quoted\"\"\",").append(i).append(".5,").append(end);
        default -> text.append("C-").append(i).append(",").append(random.nextInt(10000)).append(".").append(random.nextInt(100))
            .append(",0.").append(random.nextInt(10)).append(end);
      }
    }
    text.append("C-last,7,0.5");
    Path file = write(tmp.resolve("big.csv"), text.toString());

    Staged whole = stage(file, "1g");
    Staged sliced = stage(file, "128");
    assertThat(sliced.partitions()).isGreaterThan(20);
    assertThat(sliced.rows()).containsExactlyElementsOf(whole.rows());
    assertThat(sliced.rows()).anyMatch(r -> r.contains("total is not a number"));
  }

  @Test
  void aCsvFileWithALineBreakInAQuotedFieldStaysOneSlice() throws Exception {
    StringBuilder text = new StringBuilder("id,total\n");
    for (int i = 0; i < 200; i++) text.append("A-").append(i).append(",").append(i).append('\n');
    text.append("\"B-multi\nline\",5\n");
    for (int i = 0; i < 200; i++) text.append("C-").append(i).append(",x").append('\n');
    Path file = write(tmp.resolve("quoted.csv"), text.toString());

    Staged whole = stage(file, "1g");
    Staged sliced = stage(file, "128");
    assertThat(sliced.partitions()).isEqualTo(1);
    assertThat(sliced.rows()).containsExactlyElementsOf(whole.rows());
    assertThat(sliced.rows().get(200)).startsWith("201 B-multi\nline 5");
    assertThat(sliced.rows().get(201)).startsWith("202 C-0 null total is not a number");
  }

  @Test
  void aJsonArrayStaysOneSlice() throws Exception {
    StringBuilder text = new StringBuilder("\n\n  [");
    for (int i = 0; i < 300; i++) text.append(i == 0 ? "" : ",\n").append("{\"id\":\"A-").append(i).append("\",\"total\":").append(i).append("}");
    Path file = write(tmp.resolve("array.json"), text.append("]\n").toString());
    Staged sliced = stage(file, "128");
    assertThat(sliced.partitions()).isEqualTo(1);
    assertThat(sliced.rows()).hasSize(300);
    assertThat(sliced.rows().get(299)).startsWith("300 A-299 ");
  }

  /**
   * A compressed file big enough to be cut is one slice, read through its codec (the first pass does not count its
   * compressed bytes), and gives the records of the same text uncompressed, positions and problems included.
   */
  @Test
  void aCompressedFileIsOneSliceWithTheRecordsOfThePlainFile() throws Exception {
    StringBuilder jsonl = new StringBuilder();
    StringBuilder csv = new StringBuilder("id,total\n");
    for (int i = 0; i < 500; i++) {
      jsonl.append(i % 7 == 3 ? "{\"id\":\"X-" + i + "\",\"total\":\"1\"}\n" : "{\"id\":\"J-" + i + "\",\"total\":" + i + "}\n");
      if (i % 50 == 0) jsonl.append('\n');
      csv.append("C-").append(i).append(',').append(i % 9 == 4 ? "abc" : String.valueOf(i)).append('\n');
    }
    for (String[] c : new String[][] {{"big.jsonl", jsonl.toString()}, {"big.csv", csv.toString()}}) {
      Path plain = write(tmp.resolve(c[0]), c[1]);
      Staged expected = stage(plain, "1g");
      for (String codec : List.of("gz", "bz2")) {
        Path compressed = compress(plain, tmp.resolve(c[0] + "." + codec));
        assertThat(Files.size(compressed)).as("big enough to be cut").isGreaterThan(512);
        Staged got = stage(compressed, "128");
        assertThat(got.partitions()).as(compressed.toString()).isEqualTo(1);
        assertThat(got.rows()).as(compressed.toString()).containsExactlyElementsOf(expected.rows());
      }
    }
  }

  private static Path compress(Path plain, Path to) throws Exception {
    org.apache.hadoop.io.compress.CompressionCodec codec = new org.apache.hadoop.io.compress.CompressionCodecFactory(
        spark().sparkContext().hadoopConfiguration()).getCodec(new org.apache.hadoop.fs.Path(to.toString()));
    try (java.io.OutputStream out = codec.createOutputStream(Files.newOutputStream(to))) {
      Files.copy(plain, out);
    }
    return to;
  }
}
