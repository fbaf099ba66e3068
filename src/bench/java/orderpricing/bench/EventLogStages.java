package orderpricing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * The completed stages of one run, from its Spark event log (a directory scripts/bench gave the run as
 * {@code spark.eventLog.dir}; Spark 4 writes rolling logs, zstd-compressed by default): where the run's task time went,
 * and how many tasks wrote its output.
 */
final class EventLogStages {
  private EventLogStages() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A completed stage: its wall time (submission to completion), and its tasks' run time and CPU time. */
  record Stage(int id, String name, int tasks, double wallSeconds, double taskSeconds, double cpuSeconds, boolean wroteRecords) {}

  /** The stages in id order; none when the directory holds no event log. */
  static List<Stage> of(Path eventLogDir) {
    List<Stage> stages = new ArrayList<>();
    if (!Files.isDirectory(eventLogDir)) return stages;
    for (Path file : eventFiles(eventLogDir)) {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.contains("\"SparkListenerStageCompleted\"")) stages.add(stage(JSON.readTree(line).path("Stage Info")));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the event log " + file + ": " + e.getMessage(), e);
      }
    }
    stages.sort(Comparator.comparingInt(Stage::id));
    return stages;
  }

  /**
   * The tasks of the first stage that wrote records: for the job its pricing stage (a rejects write comes later), for
   * the Spark copy its only stage, whose tasks are the splits of Spark's own reader.
   */
  static OptionalInt writeTasks(List<Stage> stages) {
    return stages.stream().filter(Stage::wroteRecords).mapToInt(Stage::tasks).findFirst();
  }

  private static Stage stage(JsonNode info) {
    double runMs = 0, cpuNs = 0;
    boolean wrote = false;
    for (JsonNode a : info.path("Accumulables")) {
      switch (a.path("Name").asText()) {
        case "internal.metrics.executorRunTime" -> runMs = a.path("Value").asDouble();
        case "internal.metrics.executorCpuTime" -> cpuNs = a.path("Value").asDouble();
        case "internal.metrics.output.recordsWritten" -> wrote = a.path("Value").asLong() > 0;
        default -> { }
      }
    }
    double wall = (info.path("Completion Time").asLong() - info.path("Submission Time").asLong()) / 1e3;
    return new Stage(info.path("Stage ID").asInt(), info.path("Stage Name").asText(), info.path("Number of Tasks").asInt(),
        wall, runMs / 1e3, cpuNs / 1e9, wrote);
  }

  /** The event files under DIR (eventlog_v2_APP/events_N_APP[.zstd]). */
  private static List<Path> eventFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith("events_")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    return file.toString().endsWith(".zstd") ? new ZstdInputStream(in) : in;
  }
}
