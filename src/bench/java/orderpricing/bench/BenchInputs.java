package orderpricing.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the bench tools share: input formats, a directory's data files in name order, and small option parsing. */
final class BenchInputs {
  private BenchInputs() {}

  enum Format {
    PARQUET(".parquet"), JSONL(".json"), CSV(".csv");

    final String extension;

    Format(String extension) { this.extension = extension; }

    static Format of(String name) {
      return switch (name.toLowerCase(Locale.ROOT)) {
        case "parquet" -> PARQUET;
        case "jsonl", "json", "ndjson" -> JSONL;
        case "csv" -> CSV;
        default -> throw new IllegalArgumentException("unknown format '" + name + "': parquet, jsonl or csv");
      };
    }
  }

  /**
   * The data files of an input: the file itself, or a directory's files ending in the format's extension, in
   * code-point name order, skipping names starting with _ or . (Spark's _SUCCESS and .crc files), as the job does.
   */
  static List<Path> dataFiles(Path input, Format format) {
    if (Files.isRegularFile(input)) return List.of(input);
    if (!Files.isDirectory(input)) throw new IllegalArgumentException("no such file or directory: " + input);
    try (Stream<Path> children = Files.list(input)) {
      List<Path> files = new ArrayList<>();
      children.filter(p -> {
        String name = p.getFileName().toString();
        return !name.startsWith("_") && !name.startsWith(".") && name.endsWith(format.extension) && Files.isRegularFile(p);
      }).sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).forEach(files::add);
      if (files.isEmpty()) throw new IllegalArgumentException("no *" + format.extension + " files in " + input);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The input as a path other tools expand themselves: a directory becomes a glob of its files with the format's
   * extension (what a user types), a file stays itself.
   */
  static String glob(Path input, Format format) {
    return Files.isDirectory(input) ? input.resolve("*" + format.extension).toString() : input.toString();
  }

  /** A fresh output directory: refuses to write over an existing path, like the job without --overwrite. */
  static Path newOutputDir(String path) throws IOException {
    Path dir = Path.of(path);
    if (Files.exists(dir)) throw new IllegalArgumentException("output exists: " + dir + " (remove it first)");
    Files.createDirectories(dir);
    return dir;
  }

  /** Options "--name value" before the positional arguments. */
  static final class Args {
    final java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
    final List<String> positional = new ArrayList<>();

    Args(String[] args) {
      for (int i = 0; i < args.length; i++) {
        if (args[i].startsWith("--")) {
          if (i + 1 >= args.length) throw new IllegalArgumentException(args[i] + " needs a value");
          options.put(args[i].substring(2), args[++i]);
        } else {
          positional.add(args[i]);
        }
      }
    }

    String get(String name, String fallback) { return options.getOrDefault(name, fallback); }
  }

  static void usage(String text) {
    System.err.println("usage: " + text);
    System.exit(2);
  }
}
