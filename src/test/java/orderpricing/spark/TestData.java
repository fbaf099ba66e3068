package orderpricing.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/** Writes test inputs and reads outputs the way the interface promises: part files in name order. */
public final class TestData {
  private TestData() {}

  public static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      return Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One Parquet file (not a directory) holding the rows in the given order, in row groups of about groupBytes. */
  public static Path parquet(SparkSession spark, Path file, StructType schema, List<Row> rows, long groupBytes) {
    Path dir = file.resolveSibling(file.getFileName() + ".dir");
    spark.createDataFrame(rows, schema).coalesce(1).write().option("parquet.block.size", groupBytes)
        .mode("overwrite").parquet(dir.toString());
    try (Stream<Path> parts = Files.list(dir)) {
      Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
      Files.move(part, file);
      deleteTree(dir);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The part files of an output directory in name order. */
  public static List<Path> parts(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** All rows of an output, reading its part files one by one in name order. */
  public static List<Row> readInOrder(SparkSession spark, Path dir, String format) {
    List<Row> rows = new ArrayList<>();
    for (Path part : parts(dir)) {
      Dataset<Row> ds = switch (format) {
        case "csv" -> spark.read().option("header", "true").csv(part.toString());
        case "json" -> spark.read().option("prefersDecimal", "true").json(part.toString());
        default -> spark.read().parquet(part.toString());
      };
      rows.addAll(ds.collectAsList());
    }
    return rows;
  }

  public static List<String> lines(Path dir) {
    List<String> lines = new ArrayList<>();
    for (Path part : parts(dir)) {
      try {
        lines.addAll(Files.readAllLines(part));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return lines;
  }

  /** A copy of a directory tree, as it is. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) Files.createDirectories(target);
        else Files.copy(f, target);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
