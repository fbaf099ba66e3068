package orderpricing.hdfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.cli.CommandRun;
import orderpricing.spark.SharedSpark;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Whole runs reading and writing a real HDFS: the same rows, order and reject positions as on the local disk. */
@ExtendWith({SharedSpark.class, MiniHdfs.class})
class HdfsRunIT {
  private static final int LINES = 100_000;
  private static final int EVERY = 7919, REJECTS = LINES / EVERY;
  @TempDir static Path local;
  static String jsonl;

  /** A JSON Lines file of several 1 MiB blocks, with an invalid order every 7,919th line; on the local disk too. */
  @BeforeAll
  static void input() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= LINES; i++) {
      text.append(i % EVERY == 0 ? "{\"id\":\"H-" + i + "\",\"total\":\"x\"}" : "{\"id\":\"H-" + i + "\",\"total\":" + (i % 500) + ".25,\"discount\":0.1}");
      text.append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isGreaterThan(3 * (int) MiniHdfs.BLOCK);
    Files.write(local.resolve("orders.jsonl"), bytes);
    jsonl = MiniHdfs.home() + "/in/orders.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream out = fs.create(new org.apache.hadoop.fs.Path(jsonl))) {
      out.write(bytes);
    }
  }

  @Test
  void aJsonLinesFileOfManyBlocksPricesInManySlicesAsOnTheLocalDisk() throws IOException {
    String before = SharedSpark.spark().conf().get("spark.sql.files.maxPartitionBytes");
    SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", "512k");
    try {
      String out = MiniHdfs.home() + "/prices";
      CommandRun hdfs = CommandRun.price("--input", jsonl, "--output", out, "--output-format", "json");
      CommandRun disk = CommandRun.price("--input", local.resolve("orders.jsonl").toString(), "--output",
          local.resolve("prices").toString(), "--output-format", "json");
      assertThat(hdfs.code()).as(hdfs.err()).isZero();
      assertThat(disk.code()).as(disk.err()).isZero();
      assertThat(hdfs.out()).contains(String.format("Priced %,d of %,d orders (%d rejected", LINES - REJECTS, LINES, REJECTS));
      List<String> hdfsRows = lines(out), diskRows = lines(local.resolve("prices").toUri().toString());
      assertThat(hdfsRows).hasSize(LINES - REJECTS).isEqualTo(diskRows);
      assertThat(hdfsRows.get(0)).startsWith("{\"id\":\"H-1\",");
      List<String> rejects = lines(out + "/_rejects");
      assertThat(rejects).hasSize(REJECTS).allSatisfy(r -> assertThat(r).startsWith("{\"source\":\"" + jsonl + "\","));
      assertThat(withoutSource(rejects)).isEqualTo(withoutSource(lines(local.resolve("prices/_rejects").toUri().toString())));
      for (int k = 1; k <= REJECTS; k++) assertThat(rejects.get(k - 1)).contains("\"position\":" + EVERY * k + ",");
      try (FileSystem fs = MiniHdfs.fs()) {
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(out))).extracting(s -> s.getPath().getName())
            .contains("_SUCCESS", "_rejects").filteredOn(n -> n.startsWith("part-")).hasSizeGreaterThan(4);
      }
    } finally {
      SharedSpark.spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  @Test
  void overwriteReplacesAResultOnHdfsAndLeavesNothingBeside() throws IOException {
    String out = MiniHdfs.home() + "/replaced";
    assertThat(CommandRun.price("--input", jsonl, "--output", out, "--preview", "0").code()).isZero();
    String small = MiniHdfs.home() + "/in/small.jsonl";
    try (FileSystem fs = MiniHdfs.fs(); OutputStream o = fs.create(new org.apache.hadoop.fs.Path(small))) {
      o.write("{\"id\":\"S-1\",\"total\":5}\n".getBytes(StandardCharsets.UTF_8));
    }
    CommandRun again = CommandRun.price("--input", small, "--output", out);
    assertThat(again.code()).isNotZero();
    assertThat(again.err()).contains(out).contains("already exists");
    CommandRun replaced = CommandRun.price("--input", small, "--output", out, "--overwrite");
    assertThat(replaced.code()).as(replaced.err()).isZero();
    List<Row> rows = SharedSpark.spark().read().parquet(out).collectAsList();
    assertThat(rows).extracting(r -> r.getString(0)).containsExactly("S-1");
    try (FileSystem fs = MiniHdfs.fs()) {
      FileStatus[] beside = fs.listStatus(new org.apache.hadoop.fs.Path(MiniHdfs.home()), p -> p.getName().startsWith(".replaced"));
      assertThat(beside).isEmpty();
      assertThat(fs.exists(new org.apache.hadoop.fs.Path(out, "_previous"))).isFalse();
    }
  }

  @Test
  void anOutputUnderADirectoryTheUserMayNotWriteFailsInOneLineLeavingNothing() throws Exception {
    String locked = MiniHdfs.uri() + "/locked";
    try (FileSystem su = MiniHdfs.superuserFs()) {
      su.mkdirs(new org.apache.hadoop.fs.Path(locked), new FsPermission((short) 0755));
    }
    CommandRun r = CommandRun.price("--input", jsonl, "--output", locked + "/prices");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(locked).containsIgnoringCase("permission").doesNotContain("\tat ");
    try (FileSystem fs = MiniHdfs.fs()) {
      assertThat(fs.listStatus(new org.apache.hadoop.fs.Path(locked))).isEmpty();
    }
  }

  private static List<String> withoutSource(List<String> rejects) {
    return rejects.stream().map(r -> r.replaceFirst("^\\{\"source\":\"[^\"]*\",", "{")).toList();
  }

  @Test
  void everyInputFormatAndARatesFileReadFromHdfsPriceAsFromTheLocalDisk() throws IOException {
    Path csv = Files.writeString(local.resolve("orders.csv"), "total,id,discount\n100,ORD-001,0.1\n200,ORD-002,\nabc,ORD-003,0.2\n");
    List<Path> inputs = List.of(Path.of("data/orders.json"), Path.of("data/orders.parquet"), csv);
    for (Path input : inputs) {
      String onHdfs = MiniHdfs.home() + "/formats/" + input.getFileName();
      copyToHdfs(input, onHdfs);
      assertSamePrices(List.of("--input", onHdfs), List.of("--input", input.toString()), input.getFileName().toString());
    }
    String orders = MiniHdfs.home() + "/rates/orders-with-customers.json", rates = MiniHdfs.home() + "/rates/customer-rates.csv";
    copyToHdfs(Path.of("data/orders-with-customers.json"), orders);
    copyToHdfs(Path.of("data/customer-rates.csv"), rates);
    assertSamePrices(List.of("--input", orders, "--rates", rates, "--keep-columns", "customer_id"),
        List.of("--input", "data/orders-with-customers.json", "--rates", "data/customer-rates.csv", "--keep-columns", "customer_id"),
        "rates");
  }

  /** The same run from HDFS to HDFS and from the local disk to the local disk: the same rows and rejects. */
  private static void assertSamePrices(List<String> hdfsArgs, List<String> localArgs, String name) throws IOException {
    String hdfsOut = MiniHdfs.home() + "/out-" + name, localOut = local.resolve("out-" + name).toString();
    CommandRun hdfs = CommandRun.price(args(hdfsArgs, hdfsOut)), disk = CommandRun.price(args(localArgs, localOut));
    assertThat(hdfs.code()).as(hdfs.err()).isZero();
    assertThat(disk.code()).as(disk.err()).isZero();
    assertThat(lines(hdfsOut)).as(name).isNotEmpty().isEqualTo(lines(Path.of(localOut).toUri().toString()));
    assertThat(withoutSource(lines(hdfsOut + "/_rejects"))).as(name).isEqualTo(withoutSource(lines(Path.of(localOut, "_rejects").toUri().toString())));
  }

  private static String[] args(List<String> args, String out) {
    List<String> all = new ArrayList<>(args);
    all.addAll(List.of("--output", out, "--output-format", "json", "--preview", "0"));
    return all.toArray(String[]::new);
  }

  private static void copyToHdfs(Path file, String target) throws IOException {
    try (FileSystem fs = MiniHdfs.fs()) {
      fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), new org.apache.hadoop.fs.Path(target));
    }
  }

  /** The lines of a directory's part files in name order. */
  private static List<String> lines(String dir) throws IOException {
    List<String> lines = new ArrayList<>();
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(dir);
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
}
