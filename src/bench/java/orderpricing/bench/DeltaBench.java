package orderpricing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import orderpricing.bench.BenchReport.Cell;
import orderpricing.bench.BenchReport.Run;
import orderpricing.bench.EventLogStages.Job;
import orderpricing.bench.EventLogStages.Timeline;

/**
 * The Delta part of the report: the job writing a new Delta table against the same job writing a Parquet directory
 * (target: at most 1.15× the directory's median wall time), where the Delta run's extra time goes (its write job, the
 * commit after it, the rejects pass, Delta's own jobs, the driver alone), and many small runs appended to one table
 * one after another (target: the last at most 1.5× the first), each table read back by {@link DeltaCheck}.
 */
final class DeltaBench {
  private DeltaBench() {}

  /** The input names scripts/bench gives the two parts in raw.tsv, and the ways. */
  static final String INPUT = "delta", APPENDS = "delta-appends";
  static final String DIRECTORY = "parquet-dir", TABLE = "delta-table", APPEND = "append";
  static final double TABLE_TARGET = 1.15, APPEND_TARGET = 1.5;

  /**
   * delta.tsv, one line: orders of the first part, appends, orders per append, how the first part's input was made,
   * how the appends' inputs were made.
   */
  record Sitting(long orders, int appends, long appendOrders, String ordersMadeBy, String appendsMadeBy) {
    static Sitting read(Path file) throws IOException {
      String[] f = Files.readAllLines(file, StandardCharsets.UTF_8).get(0).split("\t", -1);
      return new Sitting(Long.parseLong(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3], f[4]);
    }
  }

  static String tables(Sitting sitting, Map<String, Cell> byWay, Cell appends, Path checksFile, Path summaries, Path events)
      throws IOException {
    Map<String, String[]> checks = new HashMap<>();
    if (Files.exists(checksFile)) {
      for (String line : Files.readAllLines(checksFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) checks.put(line.split("\t", -1)[0], line.split("\t", -1));
      }
    }
    StringBuilder t = new StringBuilder();
    if (!byWay.isEmpty()) t.append(tableVsDirectory(sitting, byWay, checks, summaries, events));
    if (appends != null) t.append(appendsSection(sitting, appends, checks, summaries, events));
    return t.toString();
  }

  // ---- a new table against a directory -------------------------------------------------------------------------

  private static String tableVsDirectory(Sitting sitting, Map<String, Cell> byWay, Map<String, String[]> checks, Path summaries,
      Path events) throws IOException {
    Cell dir = byWay.get(DIRECTORY), table = byWay.get(TABLE);
    StringBuilder t = new StringBuilder("## Delta table against Parquet directory\n\n");
    t.append(BenchReport.count(sitting.orders())).append(" orders, Parquet in (").append(sitting.ordersMadeBy())
        .append("). One sitting, the two ways taking turns run after run: `scripts/price --input IN --output OUT --master "
            + "local[*]` writing a Parquet directory (`--output-format parquet --overwrite`) or a new Delta table "
            + "(`--output-format delta`, OUT removed before each run). Target: the table's median wall time at most "
            + BenchReport.times(TABLE_TARGET) + "× the directory's. *Job s* is the job's own `elapsed_ms` from `--summary`.\n\n");
    t.append("| way | wall s (median) | runs min–max s | job s (median) | × Parquet directory | target | priced | rejected | price total |\n");
    t.append("|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
    for (String way : List.of(DIRECTORY, TABLE)) {
      Cell c = byWay.get(way);
      if (c == null) continue;
      JsonNode s = Rates.summary(summaries, way, 1);
      String ratio = way.equals(DIRECTORY) ? "1.00" : BenchReport.ratio(ok(c) ? c.median() : Double.NaN, dir);
      String target = way.equals(DIRECTORY) ? "–" : "≤ " + BenchReport.times(TABLE_TARGET)
          + (ratio.equals("–") ? "" : verdict(c.median() / dir.median() <= TABLE_TARGET));
      t.append("| ").append(way.equals(DIRECTORY) ? "Parquet directory" : "Delta table").append(" | ").append(wall(c))
          .append(c.notCounted().isEmpty() ? "" : " (" + c.notCounted() + ")").append(" | ").append(spread(c)).append(" | ")
          .append(jobSeconds(c, way, summaries)).append(" | ").append(ratio).append(" | ").append(target).append(" | ")
          .append(text(s, "priced")).append(" | ").append(text(s, "rejected")).append(" | ").append(text(s, "price_total")).append(" |\n");
    }
    t.append('\n');
    if (table != null) {
      String[] c = checks.get(TABLE);
      JsonNode s = Rates.summary(summaries, TABLE, 1);
      t.append("Read back with Delta's reader (`BENCH orderpricing.bench.DeltaCheck`), the first run's table: ");
      if (c == null || c.length < 8) {
        t.append(c == null ? "**not checked**" : "**" + c[c.length - 1] + "**").append(".\n\n");
      } else {
        List<String> problems = new ArrayList<>();
        if (s != null && !c[1].equals(s.path("priced").asText())) problems.add("its rows are not the summary's priced orders");
        if (s != null && !same(c[3], s.path("price_total").asText())) problems.add("its price total is not the summary's");
        JsonNode d = Rates.summary(summaries, DIRECTORY, 1);
        if (d != null && !same(c[3], d.path("price_total").asText())) problems.add("its price total is not the Parquet directory's");
        if (!c[1].equals(c[2])) problems.add("ids repeat");
        if (!c[5].equals("1") || !c[4].equals("1")) problems.add("its history is not one WRITE");
        t.append(BenchReport.count(Long.parseLong(c[1]))).append(" rows, ").append(BenchReport.count(Long.parseLong(c[2])))
            .append(" distinct ids, price total ")
            .append(c[3]).append("; history: ").append(c[4]).append(" version(s), ").append(c[5]).append(" WRITE. ")
            .append(problems.isEmpty() ? "It agrees with the summaries of both ways." : "**Problems:** " + String.join("; ", problems) + ".")
            .append("\n\n");
      }
    }
    Map<String, Path> firstRuns = new LinkedHashMap<>();
    for (String way : List.of(DIRECTORY, TABLE)) {
      if (byWay.containsKey(way)) firstRuns.put(way, events.resolve(INPUT + "-" + sitting.orders() + "-" + way + "-1"));
    }
    t.append("### Where the time goes\n\n").append(PHASES_TEXT).append(phaseTable("way", firstRuns)).append(deltaJobList(firstRuns));
    if (firstRuns.size() == 2) t.append('\n').append(difference(firstRuns));
    t.append("\nStage by stage, the same runs:\n\n").append(EventLogStages.table("way", firstRuns)).append('\n');
    return t.toString();
  }

  /** The Delta run's phases less the directory run's, largest first: where its extra time went. */
  private static String difference(Map<String, Path> firstRuns) {
    Phases d = phases(EventLogStages.timeline(firstRuns.get(DIRECTORY))), x = phases(EventLogStages.timeline(firstRuns.get(TABLE)));
    if (d == null || x == null) return "(No event log to compare the first runs by.)\n";
    List<Map.Entry<String, Double>> diffs = new ArrayList<>();
    for (int i = 0; i < PHASE_NAMES.length; i++) diffs.add(Map.entry(PHASE_NAMES[i], x.seconds()[i] - d.seconds()[i]));
    diffs.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) -> -e.getValue()));
    StringBuilder t = new StringBuilder("The first Delta run against the first directory run: application ")
        .append(signed(x.application() - d.application())).append(" s; by phase (they overlap where Spark ran jobs side by side, so "
            + "they need not add up): ");
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Double> e : diffs) if (Math.abs(e.getValue()) >= 0.05) parts.add(e.getKey() + " " + signed(e.getValue()) + " s");
    return t.append(parts.isEmpty() ? "no phase differs by 0.05 s or more" : String.join(", ", parts)).append(".\n").toString();
  }

  // ---- appends -------------------------------------------------------------------------------------------------

  private static String appendsSection(Sitting sitting, Cell appends, Map<String, String[]> checks, Path summaries, Path events)
      throws IOException {
    Map<Integer, Run> byNumber = new LinkedHashMap<>();
    appends.runs.stream().sorted(Comparator.comparingInt(Run::run)).forEach(r -> byNumber.put(r.run(), r));
    int n = sitting.appends();
    StringBuilder t = new StringBuilder("## Appends to one table\n\n");
    t.append(n).append(" runs, one after another, each appending its own ").append(BenchReport.count(sitting.appendOrders()))
        .append(" orders to the same Delta table: `scripts/price --input DAY_FILE --output TABLE --output-format delta --append "
            + "--run-id day-N --master local[*]`, the inputs ").append(sitting.appendsMadeBy()).append(". A day 0 run creates "
            + "the table first, so each counted run appends to a table that exists. Delta writes a "
            + "checkpoint of its log every 10 commits by default, so the log a run reads stays short. Target: the last append "
            + "at most ").append(BenchReport.times(APPEND_TARGET)).append("× the first. *Commit s* and *Delta's jobs s* are from "
            + "the run's event log, as in the table above.\n\n");
    Run first = byNumber.get(1), last = byNumber.get(n);
    double firstWall = okWall(first), lastWall = okWall(last);
    double firstJob = elapsed(summaries, 1), lastJob = elapsed(summaries, n);
    int k = Math.max(1, Math.min(10, n / 2));
    double headWall = medianWall(byNumber, 1, k), tailWall = medianWall(byNumber, n - k + 1, n);
    t.append("| | wall s | job s |\n|---|---:|---:|\n");
    t.append("| day 0 (creates the table) | ").append(sec(okWall(byNumber.get(0)))).append(" | ").append(sec(elapsed(summaries, 0))).append(" |\n");
    t.append("| first append | ").append(sec(firstWall)).append(" | ").append(sec(firstJob)).append(" |\n");
    t.append("| append ").append(n).append(" | ").append(sec(lastWall)).append(" | ").append(sec(lastJob)).append(" |\n");
    t.append("| last ÷ first (target ≤ ").append(BenchReport.times(APPEND_TARGET)).append(") | ").append(ratioVerdict(lastWall, firstWall))
        .append(" | ").append(ratioVerdict(lastJob, firstJob)).append(" |\n");
    t.append("| median of the last ").append(k).append(" ÷ median of the first ").append(k).append(" | ")
        .append(ratioVerdict(tailWall, headWall)).append(" | ").append(ratioVerdict(medianJob(summaries, n - k + 1, n), medianJob(summaries, 1, k)))
        .append(" |\n\n");
    t.append("The one-run ratio is at the mercy of one slow spell; the medians of the first and last ").append(k)
        .append(" runs are the steadier reading.\n\n");
    int step = Math.max(1, n / 10);
    t.append("By append number");
    if (step > 1) t.append(" (the first, every ").append(step).append("th and the last)");
    t.append(":\n\n| append | orders | wall s | job s | table version | commit s | Delta's jobs s | application s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int i = 0; i <= n; i++) {
      if (!(i <= 1 || i % step == 0 || i == n)) continue;
      Run r = byNumber.get(i);
      JsonNode s = Rates.summary(summaries, APPEND, i);
      Phases p = phases(EventLogStages.timeline(appendEvents(events, sitting, i)));
      t.append("| ").append(i).append(" | ").append(text(s, "input_records")).append(" | ").append(r == null ? "–" : r.exit() == 0 ? sec(r.wall()) : sec(r.wall()) + " (exit " + r.exit() + ")")
          .append(" | ").append(sec(elapsed(summaries, i))).append(" | ").append(text(s, "table_version")).append(" | ")
          .append(p == null ? "–" : sec(p.commit())).append(" | ").append(p == null ? "–" : sec(p.deltaJobs())).append(" | ")
          .append(p == null ? "–" : sec(p.application())).append(" |\n");
    }
    t.append('\n');
    long priced = 0;
    int summariesFound = 0;
    for (int i = 0; i <= n; i++) {
      JsonNode s = Rates.summary(summaries, APPEND, i);
      if (s != null) {
        priced += s.path("priced").asLong();
        summariesFound++;
      }
    }
    long expected = (n + 1) * sitting.appendOrders(); // day 0 and the appends
    String[] c = checks.get("appends");
    t.append("Read back at the end with Delta's reader (`BENCH orderpricing.bench.DeltaCheck`): ");
    if (c == null || c.length < 8) {
      t.append(c == null ? "**not checked**" : "**" + c[c.length - 1] + "**").append(".\n\n");
    } else {
      List<String> problems = new ArrayList<>();
      if (Long.parseLong(c[1]) != expected) problems.add("rows are not " + (n + 1) + " × " + BenchReport.count(sitting.appendOrders()));
      if (!c[1].equals(c[2])) problems.add("ids repeat");
      if (Long.parseLong(c[5]) != n + 1) problems.add("WRITE commits are not one per run");
      if (!c[6].equals("-")) problems.add("the history holds other operations");
      if (summariesFound == n + 1 && priced != expected) problems.add("the runs' summaries priced " + BenchReport.count(priced));
      t.append(BenchReport.count(Long.parseLong(c[1]))).append(" rows (expected ").append(BenchReport.count(expected)).append("), ")
          .append(BenchReport.count(Long.parseLong(c[2]))).append(" distinct ids, price total ").append(c[3]).append("; `DESCRIBE HISTORY`: ")
          .append(c[4]).append(" versions, ").append(c[5]).append(" WRITE, other operations: ").append(c[6].equals("-") ? "none" : c[6]).append("; ")
          .append(c[7]).append(" checkpoint file(s) in `_delta_log`. ")
          .append(problems.isEmpty() ? "As expected: every append is there once, one WRITE each." : "**Problems:** " + String.join("; ", problems) + ".")
          .append("\n\n");
    }
    Map<String, Path> ends = new LinkedHashMap<>();
    ends.put("append 1", appendEvents(events, sitting, 1));
    if (n > 1) ends.put("append " + n, appendEvents(events, sitting, n));
    t.append("### Where the time of the first and last appends goes\n\n").append(phaseTable("run", ends)).append(deltaJobList(ends)).append('\n')
        .append(EventLogStages.table("run", ends)).append('\n');
    return t.toString();
  }

  private static Path appendEvents(Path events, Sitting sitting, int i) {
    return events.resolve(APPENDS + "-" + sitting.appendOrders() + "-" + APPEND + "-" + i);
  }

  // ---- phases from the event log -------------------------------------------------------------------------------

  private static final String PHASES_TEXT = "The first run of each way, from its event log, in seconds: the application "
      + "(session start to stop); the *write job* (the job of the `save` that writes the output); *commit*, from the end "
      + "of the write job until that `save` returned (Delta: writing the commit file to `_delta_log`, its checksum and any "
      + "post-commit hook such as a checkpoint; a directory: the file committer's job commit); the *rejects pass* (the job "
      + "that writes rejected records; the Delta path writes them before pricing, in a pass of its own over the input, "
      + "while a directory run writes them after pricing and only when there are some); the *duplicate-id count* (which "
      + "runs beside the write); *Delta's jobs* (reading the table's log and history: the job's check of its own commit "
      + "by `history()`, snapshots, checkpoints); *other jobs*; and the *driver alone*, when no job was running (session "
      + "start, planning, listing files, the commit's log work).\n\n";

  private static final String[] PHASE_NAMES = {"write job", "commit", "rejects pass", "duplicate-id count", "Delta's jobs",
      "other jobs", "driver alone"};

  /** Delta's own jobs, by their call sites (Delta names its internal operations so). */
  private static final Pattern DELTA = Pattern.compile("Delta|Databricks|getHistory|[Cc]heckpoint|[Ss]napshot");

  /** A run's phases, in seconds: see {@link #PHASES_TEXT}. */
  record Phases(double application, double write, double commit, double rejects, double duplicates, double deltaJobs,
      double otherJobs, double driverAlone) {
    double[] seconds() { return new double[] {write, commit, rejects, duplicates, deltaJobs, otherJobs, driverAlone}; }
  }

  /** The phases of one run; null when it left no event log. */
  static Phases phases(Timeline tl) {
    if (tl.jobs().isEmpty() || tl.end() <= tl.start()) return null;
    List<long[]> write = new ArrayList<>(), rejects = new ArrayList<>(), dups = new ArrayList<>(), delta = new ArrayList<>(),
        other = new ArrayList<>(), all = new ArrayList<>();
    Job writeJob = null;
    for (Job j : tl.jobs()) {
      long[] span = {j.start(), j.end() < 0 ? tl.end() : j.end()};
      all.add(span);
      if (j.name().startsWith("save at")) {
        write.add(span);
        if (writeJob == null || span[1] > writeJob.end()) writeJob = j;
      } else if (j.name().startsWith("json at PricingJob")) {
        rejects.add(span);
      } else if (j.description().equals("counting duplicate ids")) {
        dups.add(span);
      } else if (DELTA.matcher(j.name() + " " + j.description()).find()) {
        delta.add(span);
      } else {
        other.add(span);
      }
    }
    double commit = 0;
    if (writeJob != null) {
      // The save's SQL execution carries the write job's name and ends when the save returns, its commit done.
      long saveEnd = writeJob.end();
      for (EventLogStages.Execution x : tl.executions()) {
        if (x.description().equals(writeJob.name()) && x.start() <= writeJob.start() && x.end() > saveEnd) saveEnd = x.end();
      }
      commit = (saveEnd - writeJob.end()) / 1e3;
    }
    double app = (tl.end() - tl.start()) / 1e3;
    return new Phases(app, union(write), commit, union(rejects), union(dups), union(delta), union(other), app - union(all));
  }

  /** Seconds covered by the intervals (epoch ms), overlaps counted once. */
  private static double union(List<long[]> spans) {
    long[][] s = spans.toArray(long[][]::new);
    Arrays.sort(s, Comparator.comparingLong(a -> a[0]));
    long covered = 0, from = Long.MIN_VALUE, to = Long.MIN_VALUE;
    for (long[] a : s) {
      if (a[0] > to) {
        if (to > from) covered += to - from;
        from = a[0];
        to = a[1];
      } else {
        to = Math.max(to, a[1]);
      }
    }
    if (to > from) covered += to - from;
    return covered / 1e3;
  }

  /** Per run, Delta's jobs by description (Delta names them, e.g. "Delta: Compute snapshot for version: 10"): count, seconds. */
  private static String deltaJobList(Map<String, Path> runs) {
    StringBuilder t = new StringBuilder();
    runs.forEach((label, dir) -> {
      Map<String, double[]> byName = new LinkedHashMap<>();
      for (Job j : EventLogStages.timeline(dir).jobs()) {
        String name = j.description().isEmpty() ? j.name() : j.description();
        if (j.name().startsWith("save at") || !DELTA.matcher(j.name() + " " + j.description()).find()) continue;
        double[] v = byName.computeIfAbsent(name, k -> new double[2]);
        v[0]++;
        v[1] += j.end() < j.start() ? 0 : (j.end() - j.start()) / 1e3;
      }
      if (byName.isEmpty()) return;
      List<String> parts = new ArrayList<>();
      byName.forEach((name, v) -> parts.add("`" + name + "`" + (v[0] > 1 ? " ×" + (int) v[0] : "") + " " + sec(v[1]) + " s"));
      t.append("- ").append(label).append(", Delta's jobs: ").append(String.join("; ", parts)).append('\n');
    });
    return t.length() == 0 ? "" : "\n" + t;
  }

  private static String phaseTable(String what, Map<String, Path> runs) {
    StringBuilder t = new StringBuilder("| " + what + " | application | " + String.join(" | ", PHASE_NAMES) + " |\n|---|---:");
    t.append("|---:".repeat(PHASE_NAMES.length)).append("|\n");
    runs.forEach((label, dir) -> {
      Phases p = phases(EventLogStages.timeline(dir));
      t.append("| ").append(label).append(" | ");
      if (p == null) {
        t.append("no event log |").append(" |".repeat(PHASE_NAMES.length)).append('\n');
        return;
      }
      t.append(sec(p.application()));
      for (double s : p.seconds()) t.append(" | ").append(sec(s));
      t.append(" |\n");
    });
    return t.toString();
  }

  // ---- small helpers -------------------------------------------------------------------------------------------

  private static String jobSeconds(Cell c, String way, Path summaries) throws IOException {
    List<Double> ms = new ArrayList<>();
    for (Run r : c.runs) {
      JsonNode s = r.exit() == 0 ? Rates.summary(summaries, way, r.run()) : null;
      if (s != null && s.has("elapsed_ms")) ms.add(s.path("elapsed_ms").asDouble() / 1e3);
    }
    return ms.isEmpty() ? "–" : sec(Cell.median(ms.stream().mapToDouble(Double::doubleValue).sorted().toArray()));
  }

  private static double elapsed(Path summaries, int i) throws IOException {
    JsonNode s = Rates.summary(summaries, APPEND, i);
    return s == null || !s.has("elapsed_ms") ? Double.NaN : s.path("elapsed_ms").asDouble() / 1e3;
  }

  private static double medianJob(Path summaries, int from, int to) throws IOException {
    List<Double> v = new ArrayList<>();
    for (int i = from; i <= to; i++) if (!Double.isNaN(elapsed(summaries, i))) v.add(elapsed(summaries, i));
    return Cell.median(v.stream().mapToDouble(Double::doubleValue).sorted().toArray());
  }

  private static double medianWall(Map<Integer, Run> byNumber, int from, int to) {
    return Cell.median(byNumber.values().stream().filter(r -> r.run() >= from && r.run() <= to && r.exit() == 0)
        .mapToDouble(Run::wall).sorted().toArray());
  }

  private static double okWall(Run r) { return r != null && r.exit() == 0 ? r.wall() : Double.NaN; }

  private static String ratioVerdict(double a, double b) {
    if (Double.isNaN(a) || Double.isNaN(b) || b <= 0) return "–";
    return BenchReport.times(a / b) + verdict(a / b <= APPEND_TARGET);
  }

  private static boolean same(String a, String b) {
    try {
      return new java.math.BigDecimal(a).compareTo(new java.math.BigDecimal(b)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String sec(double s) { return Double.isNaN(s) ? "–" : BenchReport.seconds(s); }

  private static String signed(double s) { return (s >= 0 ? "+" : "−") + BenchReport.seconds(Math.abs(s)); }

  private static boolean ok(Cell c) { return Rates.ok(c); }

  private static String wall(Cell c) { return Rates.wall(c); }

  private static String spread(Cell c) { return Rates.spread(c); }

  private static String text(JsonNode n, String field) { return Rates.text(n, field); }

  private static String verdict(boolean met) { return Rates.verdict(met); }
}
