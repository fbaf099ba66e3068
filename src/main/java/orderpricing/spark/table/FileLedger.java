package orderpricing.spark.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orderpricing.errors.ChangedInputException;
import orderpricing.spark.FileSelection;
import orderpricing.spark.input.InputFile;
import orderpricing.spark.output.WholeFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Which input files a table's commits priced. Each run that prices only new files writes, before its commit, one
 * entry {@code _priced_files/<run>.json} in the table's directory (where Delta never looks): the files it prices,
 * with their size and modification time, and the application id its commit carries. An entry counts only once the
 * table has committed that id, so the files become priced in the same atomic step as their orders: a run killed
 * before its commit leaves an entry that does not count, and its files are new to the next run.
 */
public final class FileLedger {
  static final String DIR = "_priced_files";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One input file as a ledger records it. */
  public record PricedFile(String path, long size, long modified) {}

  private final Path dir;
  private final FileSystem fs;
  private final String table;
  /** The committed entries' files, by path: the latest entry's when a file was priced again. */
  private final Map<String, PricedFile> priced;

  private FileLedger(Path dir, FileSystem fs, String table, Map<String, PricedFile> priced) {
    this.dir = dir;
    this.fs = fs;
    this.table = table;
    this.priced = priced;
  }

  /** The ledger of {@code output}, holding the entries whose runs the table committed. */
  public static FileLedger of(DeltaOutput output, Configuration conf) {
    try {
      Path dir = new Path(output.location(), DIR);
      FileSystem fs = dir.getFileSystem(conf);
      Map<String, Long> committed = output.transactions();
      Map<String, PricedFile> priced = new HashMap<>();
      Map<String, Long> when = new HashMap<>();
      if (fs.exists(dir)) {
        for (FileStatus s : fs.listStatus(dir, p -> p.getName().endsWith(".json"))) {
          JsonNode entry = read(fs, s.getPath());
          if (!committed.containsKey(entry.path("app_id").asText())) continue; // its run never committed
          long written = entry.path("written").asLong();
          for (JsonNode f : entry.path("files")) {
            PricedFile file = new PricedFile(f.path("path").asText(), f.path("size").asLong(), f.path("modified").asLong());
            if (written >= when.getOrDefault(file.path(), Long.MIN_VALUE)) {
              priced.put(file.path(), file);
              when.put(file.path(), written);
            }
          }
        }
      }
      return new FileLedger(dir, fs, output.path(), priced);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the priced files of " + output.path() + ": " + e.getMessage(), e);
    }
  }

  /** How many files the committed entries hold. */
  public int size() {
    return priced.size();
  }

  /**
   * The files of {@code files} to price: those not recorded, and with {@link FileSelection#NEW_AND_CHANGED} those
   * changed since they were; a changed one stops the run otherwise. In input order, with their current state.
   */
  public List<PricedFile> unpriced(List<InputFile> files, FileSelection selection, Configuration conf) {
    List<PricedFile> fresh = new ArrayList<>();
    try {
      for (InputFile f : files) {
        Path p = new Path(f.path());
        FileStatus s = p.getFileSystem(conf).getFileStatus(p);
        PricedFile now = new PricedFile(f.path(), s.getLen(), s.getModificationTime());
        PricedFile before = priced.get(f.path());
        if (before == null) {
          fresh.add(now);
        } else if (before.size() != now.size() || before.modified() != now.modified()) {
          if (selection != FileSelection.NEW_AND_CHANGED) throw new ChangedInputException(f.displayName(), table, change(before, now));
          fresh.add(now);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the input files: " + e.getMessage(), e);
    }
    return fresh;
  }

  private static String change(PricedFile before, PricedFile now) {
    if (before.size() != now.size()) return "size " + before.size() + " then, " + now.size() + " now";
    return "modified " + java.time.Instant.ofEpochMilli(before.modified()) + " then, " + java.time.Instant.ofEpochMilli(now.modified()) + " now";
  }

  /** Writes this run's entry, whole, before its commit; it counts once the table commits {@code key}. */
  public void record(RunKey key, List<PricedFile> files, Configuration conf) {
    ObjectNode entry = JSON.createObjectNode();
    entry.put("app_id", key.appId());
    entry.put("written", System.currentTimeMillis());
    ArrayNode list = entry.putArray("files");
    for (PricedFile f : files) list.addObject().put("path", f.path()).put("size", f.size()).put("modified", f.modified());
    try {
      fs.mkdirs(dir);
      WholeFile.at(new Path(dir, key.fileName() + ".json").toString(), conf).write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entry));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the priced files in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return JSON.readTree(in);
    }
  }
}
