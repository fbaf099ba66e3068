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
    forEachEvent(eventLogDir, "\"SparkListenerStageCompleted\"", e -> stages.add(stage(e.path("Stage Info"))));
    stages.sort(Comparator.comparingInt(Stage::id));
    return stages;
  }

  /**
   * The stages of runs as a Markdown table: per run (labelled by the key, in a column named {@code what}) each stage's
   * wall time, its tasks' run time and their CPU time, in seconds.
   */
  static String table(String what, java.util.Map<String, Path> runs) {
    StringBuilder t = new StringBuilder("| " + what + " | stage | tasks | wall s | task s | task CPU s |\n|---|---|---:|---:|---:|---:|\n");
    runs.forEach((label, dir) -> {
      for (Stage st : of(dir)) {
        t.append("| ").append(label).append(" | ").append(st.id()).append(" `").append(st.name()).append("` | ")
            .append(st.tasks()).append(" | ").append(BenchReport.seconds(st.wallSeconds())).append(" | ")
            .append(BenchReport.seconds(st.taskSeconds())).append(" | ").append(BenchReport.seconds(st.cpuSeconds())).append(" |\n");
      }
    });
    return t.toString();
  }

  /**
   * A job: the name of its first stage (Spark names it by the call that started it, e.g. {@code save at
   * DeltaOutput.java:117}), its description ({@code setJobGroup}'s, or empty), its SQL execution (-1: none), and when
   * it was submitted and ended, in epoch milliseconds.
   */
  record Job(int id, String name, String description, long execution, long start, long end) {}

  /** A SQL execution: its description (the call that started it, as a job's name) and its span. */
  record Execution(long id, String description, long start, long end) {}

  /** A run's jobs and SQL executions in id order, within the application's span (epoch milliseconds). */
  record Timeline(long start, long end, List<Job> jobs, List<Execution> executions) {}

  /** The run's timeline; an empty one (no jobs, span 0) when the directory holds no event log. */
  static Timeline timeline(Path eventLogDir) {
    long[] span = {0, 0};
    java.util.Map<Integer, Job> jobs = new java.util.TreeMap<>();
    java.util.Map<Long, Execution> executions = new java.util.TreeMap<>();
    forEachEvent(eventLogDir, "", e -> {
      switch (e.path("Event").asText()) {
        case "SparkListenerApplicationStart" -> span[0] = e.path("Timestamp").asLong();
        case "SparkListenerApplicationEnd" -> span[1] = e.path("Timestamp").asLong();
        case "SparkListenerJobStart" -> {
          String name = "";
          int first = Integer.MAX_VALUE;
          for (JsonNode st : e.path("Stage Infos")) {
            if (st.path("Stage ID").asInt() < first) {
              first = st.path("Stage ID").asInt();
              name = st.path("Stage Name").asText();
            }
          }
          JsonNode props = e.path("Properties");
          jobs.put(e.path("Job ID").asInt(), new Job(e.path("Job ID").asInt(), name, props.path("spark.job.description").asText(""),
              props.path("spark.sql.execution.id").asLong(-1), e.path("Submission Time").asLong(), -1));
        }
        case "SparkListenerJobEnd" -> jobs.computeIfPresent(e.path("Job ID").asInt(), (id, j) -> new Job(j.id(), j.name(),
            j.description(), j.execution(), j.start(), e.path("Completion Time").asLong()));
        case "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionStart" -> executions.put(e.path("executionId").asLong(),
            new Execution(e.path("executionId").asLong(), e.path("description").asText(""), e.path("time").asLong(), -1));
        case "org.apache.spark.sql.execution.ui.SparkListenerSQLExecutionEnd" -> executions.computeIfPresent(e.path("executionId").asLong(),
            (id, x) -> new Execution(x.id(), x.description(), x.start(), e.path("time").asLong()));
        default -> { }
      }
    });
    return new Timeline(span[0], span[1], List.copyOf(jobs.values()), List.copyOf(executions.values()));
  }

  /** Calls {@code each} with every event of the run's log whose line contains {@code marker} (all with ""). */
  private static void forEachEvent(Path eventLogDir, String marker, java.util.function.Consumer<JsonNode> each) {
    if (!Files.isDirectory(eventLogDir)) return;
    for (Path file : eventFiles(eventLogDir)) {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(open(file), StandardCharsets.UTF_8))) {
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          if (line.contains(marker)) each.accept(JSON.readTree(line));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the event log " + file + ": " + e.getMessage(), e);
      }
    }
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
