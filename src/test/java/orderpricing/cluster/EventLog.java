package orderpricing.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One application's Spark event log, as Spark 4 writes it by default: a rolling directory
 * ({@code eventlog_v2_<app>/events_<n>_<app>[.zstd]}) or a single file, zstd-compressed or plain JSON lines.
 */
final class EventLog {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PART = Pattern.compile("events_(\\d+)_.*");

  final String raw;
  final List<JsonNode> events;

  private EventLog(String raw, List<JsonNode> events) {
    this.raw = raw;
    this.events = events;
  }

  /** The only application's log in an event log directory. */
  static EventLog in(Path dir) throws IOException {
    List<Path> apps;
    try (Stream<Path> s = Files.list(dir)) {
      apps = s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    assertThat(apps).as("applications logged in %s", dir).hasSize(1);
    Path app = apps.get(0);
    assertThat(app.getFileName().toString()).as("a finished application's log").doesNotEndWith(".inprogress");
    List<Path> files = new ArrayList<>();
    if (Files.isDirectory(app)) {
      try (Stream<Path> s = Files.list(app)) {
        s.filter(p -> PART.matcher(p.getFileName().toString()).matches()).forEach(files::add);
      }
      files.sort(Comparator.comparingLong(p -> {
        Matcher m = PART.matcher(p.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(1));
      }));
    } else {
      files.add(app);
    }
    assertThat(files).as("event log files of %s", app).isNotEmpty();
    StringBuilder text = new StringBuilder();
    List<JsonNode> events = new ArrayList<>();
    for (Path f : files) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(open(f), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          text.append(line).append('\n');
          if (!line.isBlank()) events.add(JSON.readTree(line));
        }
      }
    }
    return new EventLog(text.toString(), events);
  }

  private static InputStream open(Path f) throws IOException {
    String name = f.getFileName().toString();
    InputStream in = Files.newInputStream(f);
    if (name.endsWith(".zstd")) return new ZstdInputStream(in);
    assertThat(name).as("event log compression (zstd or none expected)").doesNotContainPattern("\\.(lz4|lzf|snappy)$");
    return in;
  }

  List<JsonNode> of(String type) {
    return events.stream().filter(e -> type.equals(e.path("Event").asText())).toList();
  }

  /** Executor ids of the tasks that ended successfully. */
  Set<String> executorsWithSuccessfulTasks() {
    return of("SparkListenerTaskEnd").stream()
        .filter(e -> "Success".equals(e.path("Task End Reason").path("Reason").asText()))
        .map(e -> e.path("Task Info").path("Executor ID").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Task ends that did not succeed, as "reason on executor N". */
  List<String> failedTasks() {
    return of("SparkListenerTaskEnd").stream()
        .filter(e -> !"Success".equals(e.path("Task End Reason").path("Reason").asText()))
        .map(e -> e.path("Task End Reason").path("Reason").asText() + " on executor " + e.path("Task Info").path("Executor ID").asText())
        .toList();
  }

  /** The application's id, as the master knows it. */
  String applicationId() {
    return of("SparkListenerApplicationStart").get(0).path("App ID").asText();
  }

  /**
   * Tasks (as "stage S task I") that failed on {@code executor}, each with the executors on which the same task of
   * the same stage later succeeded.
   */
  Map<String, Set<String>> tasksLostOn(String executor) {
    Map<String, Set<String>> lost = new TreeMap<>();
    for (JsonNode e : of("SparkListenerTaskEnd")) {
      boolean failed = !"Success".equals(e.path("Task End Reason").path("Reason").asText());
      if (failed && executor.equals(e.path("Task Info").path("Executor ID").asText())) lost.put(task(e), new TreeSet<>());
    }
    for (JsonNode e : of("SparkListenerTaskEnd")) {
      Set<String> redone = lost.get(task(e));
      if (redone != null && "Success".equals(e.path("Task End Reason").path("Reason").asText())) {
        redone.add(e.path("Task Info").path("Executor ID").asText());
      }
    }
    return lost;
  }

  private static String task(JsonNode taskEnd) {
    return "stage " + taskEnd.path("Stage ID").asInt() + " task " + taskEnd.path("Task Info").path("Index").asInt();
  }

  Set<String> removedExecutors() {
    return of("SparkListenerExecutorRemoved").stream().map(e -> e.path("Executor ID").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Tasks per stage (successful or not), by stage id. */
  Map<Integer, Integer> tasksPerStage() {
    Map<Integer, Integer> n = new TreeMap<>();
    for (JsonNode e : of("SparkListenerStageCompleted")) {
      n.put(e.path("Stage Info").path("Stage ID").asInt(), e.path("Stage Info").path("Number of Tasks").asInt());
    }
    return n;
  }
}
