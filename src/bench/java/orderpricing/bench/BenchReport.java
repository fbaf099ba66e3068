package orderpricing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the raw measurements of scripts/bench into the report: a Markdown file (tables of medians, orders per second,
 * peak memory and ratios, where Spark starts to pay off, the output checks, the machine and the commands) and an SVG
 * chart (wall seconds against order count, both log scale, one line per way and input: {@link BenchChart}). Prints
 * the tables.
 *
 * <pre>BenchReport --raw raw.tsv --checks checks.tsv --meta meta.md --title TITLE --md OUT.md --svg OUT.svg
 *             [--duckdb-threads N] [--shapes shapes.tsv --events DIR --cores N]
 *             [--rates rates.tsv --rates-checks rates-checks.tsv --summaries DIR --events DIR]
 *             [--delta delta.tsv --delta-checks delta-checks.tsv --summaries DIR --events DIR]</pre>
 *
 * raw.tsv lines: input, orders, way, run, wall seconds, peak RSS KB, exit code, CPU seconds. Input "data" is the
 * start-up measurement (scripts/price on data/), reported on its own; an input named in shapes.tsv is an input shape
 * (see {@link Shapes}); input "rates" is the customer rates sitting (see {@link Rates}); inputs "delta" and
 * "delta-appends" are the Delta sitting (see {@link DeltaBench}). checks.tsv lines: input,
 * orders, way, rows, price total, rows out of order, column types.
 */
public final class BenchReport {
  private BenchReport() {}

  /** The ways, in report order: key (as scripts/bench names it), label, colour. */
  static final String[][] WAYS = {
      {"job-local1", "job local[1]", "#1f77b4"},
      {"job-local", "job local[*]", "#d62728"},
      {"spark-copy", "Spark copy local[*]", "#7f7f7f"},
      {"sequential", "sequential, no Spark", "#2ca02c"},
      {"duckdb", "DuckDB", "#ff7f0e"},
  };

  /** The exit code scripts/bench records for a run that timed a rebuild of the project too. */
  static final int REBUILT = 200;

  /** One timed run; {@code cpu} is user + system CPU seconds (NaN in raw files from before it was recorded). */
  record Run(String input, long orders, String way, int run, double wall, long rssKb, int exit, double cpu) {}

  /** The runs of one way at one size and input. */
  static final class Cell {
    final List<Run> runs = new ArrayList<>();

    double[] walls() { return runs.stream().filter(r -> r.exit == 0).mapToDouble(Run::wall).sorted().toArray(); }
    boolean ok() { return walls().length > 0; }
    double median() { return median(walls()); }
    long peakRssKb() { return runs.stream().filter(r -> r.exit == 0).mapToLong(Run::rssKb).max().orElse(0); }
    /** The median run's CPU seconds, and the cores it kept busy on average (CPU seconds per wall second). */
    double medianCpu() { return median(runs.stream().filter(r -> r.exit == 0).mapToDouble(Run::cpu).sorted().toArray()); }
    double medianRssKb() { return median(runs.stream().filter(r -> r.exit == 0).mapToDouble(Run::rssKb).sorted().toArray()); }
    /** Runs that failed; a run with exit 200 is not counted (scripts/price rebuilt the project first) nor failed. */
    int failed() { return (int) runs.stream().filter(r -> r.exit != 0 && r.exit != REBUILT).count(); }
    int rebuilt() { return (int) runs.stream().filter(r -> r.exit == REBUILT).count(); }

    String notCounted() {
      List<String> why = new ArrayList<>();
      if (failed() > 0) why.add(failed() + " failed");
      if (rebuilt() > 0) why.add(rebuilt() + " not counted: the project was rebuilt during the run");
      return String.join(", ", why);
    }

    static double median(double[] v) {
      if (v.length == 0) return Double.NaN;
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
  }

  public static void main(String[] argv) throws IOException {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    String duckLabel = "DuckDB " + args.get("duckdb-threads", "2") + " threads";
    WAYS[4][1] = duckLabel;

    // input -> orders -> way -> cell
    Map<String, Map<Long, Map<String, Cell>>> cells = new LinkedHashMap<>();
    List<Run> startup = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(args.get("raw", "raw.tsv")), StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("#")) continue;
      String[] f = line.split("\t");
      Run r = new Run(f[0], Long.parseLong(f[1]), f[2], Integer.parseInt(f[3]), parse(f[4]), (long) parse(f[5]), Integer.parseInt(f[6]),
          f.length > 7 ? parse(f[7]) : Double.NaN);
      if (r.input.equals("data")) {
        startup.add(r);
        continue;
      }
      cells.computeIfAbsent(r.input, k -> new java.util.TreeMap<>()).computeIfAbsent(r.orders, k -> new LinkedHashMap<>())
          .computeIfAbsent(r.way, k -> new Cell()).runs.add(r);
    }
    List<String[]> checks = new ArrayList<>();
    Path checkFile = Path.of(args.get("checks", "checks.tsv"));
    if (Files.exists(checkFile)) {
      for (String line : Files.readAllLines(checkFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) checks.add(line.split("\t", -1));
      }
    }

    // Shapes (issue 9) are inputs of their own: in the results table, but not in the size ratios, breakeven or chart.
    List<Shapes.Shape> shapes = args.options.containsKey("shapes") ? Shapes.read(Path.of(args.get("shapes", null))) : List.of();
    Map<String, Map<Long, Map<String, Cell>>> sizeCells = new LinkedHashMap<>(cells);
    shapes.forEach(shape -> sizeCells.remove(shape.name()));
    String results = resultsTable(cells);
    String ratios = ratiosTable(sizeCells);
    String payoff = payoff(sizeCells);
    String shapeTables = shapes.isEmpty() ? "" : Shapes.tables(shapes, cells, Path.of(args.get("events", "events")),
        Integer.parseInt(args.get("cores", Integer.toString(Runtime.getRuntime().availableProcessors()))), duckLabel);
    // The rates sitting (issue 11) is an input of its own too.
    Rates.Sitting ratesSitting = args.options.containsKey("rates") ? Rates.Sitting.read(Path.of(args.get("rates", null))) : null;
    if (ratesSitting != null) sizeCells.remove(Rates.INPUT);
    String rateTables = ratesSitting == null ? "" : Rates.tables(ratesSitting,
        cells.getOrDefault(Rates.INPUT, Map.of()).getOrDefault(ratesSitting.orders(), Map.of()),
        Path.of(args.get("rates-checks", "rates-checks.tsv")), Path.of(args.get("summaries", "summaries")), Path.of(args.get("events", "events")));
    // The Delta sitting is two inputs of its own: a new table against a directory, and the appends (a run per append,
    // so only their own section, never a median in the results table).
    DeltaBench.Sitting deltaSitting = args.options.containsKey("delta") ? DeltaBench.Sitting.read(Path.of(args.get("delta", null))) : null;
    String deltaTables = "";
    if (deltaSitting != null) {
      sizeCells.remove(DeltaBench.INPUT);
      sizeCells.remove(DeltaBench.APPENDS);
      Map<Long, Map<String, Cell>> appendCells = cells.remove(DeltaBench.APPENDS);
      deltaTables = DeltaBench.tables(deltaSitting, cells.getOrDefault(DeltaBench.INPUT, Map.of()).getOrDefault(deltaSitting.orders(), Map.of()),
          appendCells == null ? null : appendCells.getOrDefault(deltaSitting.appendOrders(), Map.of()).get(DeltaBench.APPEND),
          Path.of(args.get("delta-checks", "delta-checks.tsv")), Path.of(args.get("summaries", "summaries")), Path.of(args.get("events", "events")));
      results = resultsTable(cells);
    }
    String startupInput = args.get("startup-input", "data/orders.json");
    String start = startupSection(startup, checks, startupInput);
    String checkTable = checksTable(checks, startupInput);

    Path svg = Path.of(args.get("svg", "bench.svg"));
    if (!sizeCells.isEmpty()) BenchChart.write(sizeCells, args.get("title", "order-pricing benchmark"), svg);

    StringBuilder md = new StringBuilder();
    md.append("# ").append(args.get("title", "order-pricing benchmark")).append("\n\n");
    String warning = args.get("warning", "");
    if (!warning.isBlank()) md.append("> **Warning:** ").append(warning).append("\n\n");
    md.append("Each figure is the median of the runs of one way on the same input, every run a new process timed from the "
        + "outside with `/usr/bin/time` (wall seconds, user + system CPU seconds, peak resident memory), so JVM and Spark "
        + "start-up are included: "
        + "this is what a user waits for. Ratios divide wall times (below 1 is faster than the way divided by), except the "
        + "local[*] ÷ local[1] one, which divides throughputs (orders per second). Cores busy is CPU seconds over wall "
        + "seconds: the cores a run kept busy on average, its JIT compiler, garbage collector and driver threads included, "
        + "which is why a local[1] run keeps more than one core busy.\n\n");
    if (!sizeCells.isEmpty()) md.append("![wall seconds against order count, log-log](").append(svg.getFileName()).append(")\n\n");
    if (!shapes.isEmpty()) md.append(shapeTables);
    md.append(rateTables).append(deltaTables);
    md.append("## Wall time, throughput, CPU, memory\n\n").append(results).append('\n');
    if (!sizeCells.isEmpty()) {
      md.append("## Ratios\n\nThe targets of issue 5 are for 10,000,000 orders, Parquet in and out, on a 2-core machine.\n\n").append(ratios).append('\n');
      md.append("## Where Spark starts to pay off\n\n").append(payoff).append('\n');
    }
    if (!start.isEmpty()) md.append("## Start-up: `scripts/price` on `").append(startupInput).append("`\n\n").append(start).append('\n');
    if (!checkTable.isEmpty()) {
      md.append("## Output checks\n\nRead back with DuckDB after the first run of each size, outside the timings: rows, the sum of "
          + "`price` (the same in every way that prices), rows that come before their predecessor in id order (the inputs "
          + "hold ids ascending, so 0 means input order was kept; the Spark copy is not asked to keep it, and over many files "
          + "does not, as Spark's file sources pack splits by size) and the column types.\n\n").append(checkTable).append('\n');
    }
    Path meta = Path.of(args.get("meta", "meta.md"));
    if (Files.exists(meta)) md.append(Files.readString(meta, StandardCharsets.UTF_8));
    Files.writeString(Path.of(args.get("md", "bench.md")), md.toString(), StandardCharsets.UTF_8);

    System.out.println(results);
    if (!sizeCells.isEmpty()) {
      System.out.println(ratios);
      System.out.println(payoff);
    }
    if (!shapes.isEmpty()) System.out.println(shapeTables);
    if (ratesSitting != null) System.out.println(rateTables);
    if (deltaSitting != null) System.out.println(deltaTables);
    if (!start.isEmpty()) System.out.println(start);
    if (anyCheckProblem(checks)) {
      System.out.println("Some output checks disagree: see the report's output checks.\n");
    }
  }

  private static double parse(String s) {
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  static String label(String way) {
    for (String[] w : WAYS) if (w[0].equals(way)) return w[1];
    return way;
  }

  /** The way a report labels so; a DuckDB label names its threads, which then label the chart too. */
  static String key(String label) {
    for (String[] w : WAYS) if (w[1].equals(label)) return w[0];
    if (label.startsWith("DuckDB")) {
      WAYS[4][1] = label;
      return "duckdb";
    }
    return label;
  }

  static List<String> waysIn(Map<String, Cell> byWay) {
    List<String> ways = new ArrayList<>();
    for (String[] w : WAYS) if (byWay.containsKey(w[0])) ways.add(w[0]);
    for (String w : byWay.keySet()) if (!ways.contains(w)) ways.add(w);
    return ways;
  }

  // ---- tables ----------------------------------------------------------------------------------------------------

  private static String resultsTable(Map<String, Map<Long, Map<String, Cell>>> cells) {
    StringBuilder t = new StringBuilder();
    t.append("| orders | input | way | wall s (median) | runs min–max s | orders/s | CPU s (cores busy) | peak RSS MiB | × Spark copy | × DuckDB |\n");
    t.append("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
    cells.forEach((input, bySize) -> bySize.forEach((orders, byWay) -> {
      Cell copy = byWay.get("spark-copy"), duck = byWay.get("duckdb");
      for (String way : waysIn(byWay)) {
        Cell c = byWay.get(way);
        t.append("| ").append(count(orders)).append(" | ").append(input).append(" | ").append(label(way)).append(" | ");
        if (!c.ok()) {
          t.append("no valid run (").append(c.notCounted()).append(") | | | | | | |\n");
          continue;
        }
        double[] w = c.walls();
        double m = c.median();
        t.append(seconds(m)).append(c.notCounted().isEmpty() ? "" : " (" + c.notCounted() + ")").append(" | ")
            .append(seconds(w[0])).append("–").append(seconds(w[w.length - 1])).append(" | ")
            .append(count(Math.round(orders / m))).append(" | ")
            .append(cpu(c.medianCpu(), m)).append(" | ")
            .append(Math.round(c.peakRssKb() / 1024.0)).append(" | ")
            .append(ratio(m, copy)).append(" | ").append(ratio(m, duck)).append(" |\n");
      }
    }));
    return t.toString();
  }

  private static String ratiosTable(Map<String, Map<Long, Map<String, Cell>>> cells) {
    StringBuilder t = new StringBuilder();
    t.append("| orders | input | job local[*] ÷ Spark copy (target ≤ 1.25) | job local[*] ÷ DuckDB (target ≤ 3.5) "
        + "| local[*] ÷ local[1] orders/s (target ≥ 1.7) | sequential ÷ job local[*] (> 1: Spark pays) |\n");
    t.append("|---:|---|---:|---:|---:|---:|\n");
    cells.forEach((input, bySize) -> bySize.forEach((orders, byWay) -> {
      Cell job = byWay.get("job-local"), job1 = byWay.get("job-local1"), seq = byWay.get("sequential");
      double j = job != null && job.ok() ? job.median() : Double.NaN;
      t.append("| ").append(count(orders)).append(" | ").append(input).append(" | ")
          .append(ratio(j, byWay.get("spark-copy"))).append(" | ")
          .append(ratio(j, byWay.get("duckdb"))).append(" | ")
          .append(job1 != null && job1.ok() && !Double.isNaN(j) ? times(job1.median() / j) : "–").append(" | ")
          .append(seq != null && seq.ok() && !Double.isNaN(j) ? times(seq.median() / j) : "–").append(" |\n");
    }));
    return t.toString();
  }

  /** Where the job (and the Spark copy) overtake the sequential baseline, interpolated on the log-log chart. */
  private static String payoff(Map<String, Map<Long, Map<String, Cell>>> cells) {
    StringBuilder t = new StringBuilder();
    cells.forEach((input, bySize) -> {
      for (String spark : List.of("job-local", "spark-copy")) {
        List<long[]> sizes = new ArrayList<>();
        List<Double> diff = new ArrayList<>(); // log(sequential) - log(spark way): > 0 where Spark is faster
        bySize.forEach((orders, byWay) -> {
          Cell seq = byWay.get("sequential"), s = byWay.get(spark);
          if (seq != null && s != null && seq.ok() && s.ok()) {
            sizes.add(new long[] {orders});
            diff.add(Math.log(seq.median()) - Math.log(s.median()));
          }
        });
        if (sizes.isEmpty()) continue;
        t.append("- ").append(input).append(", ").append(label(spark)).append(" against the sequential baseline: ");
        long lo = sizes.get(0)[0], hi = sizes.get(sizes.size() - 1)[0];
        if (diff.stream().allMatch(d -> d <= 0)) {
          t.append("the sequential baseline is as fast or faster at every size measured (")
              .append(lo == hi ? count(lo) : count(lo) + " to " + count(hi)).append(" orders): Spark does not pay off up to there.\n");
        } else if (diff.stream().allMatch(d -> d > 0)) {
          t.append("Spark is faster at every size measured, from ").append(count(lo)).append(" orders.\n");
        } else {
          int i = 0;
          while (!(diff.get(i) <= 0 && diff.get(i + 1) > 0)) i++;
          double x0 = Math.log(sizes.get(i)[0]), x1 = Math.log(sizes.get(i + 1)[0]);
          double x = x0 + (0 - diff.get(i)) / (diff.get(i + 1) - diff.get(i)) * (x1 - x0);
          t.append("breakeven at about ").append(count(roughly(Math.exp(x)))).append(" orders (between ")
              .append(count(sizes.get(i)[0])).append(" and ").append(count(sizes.get(i + 1)[0]))
              .append(", interpolated on the log-log chart); below it the sequential baseline is faster");
          boolean again = false;
          for (int k = i + 1; k < diff.size(); k++) again |= diff.get(k) <= 0;
          t.append(again ? ", and it is faster again at some larger size measured.\n" : ", above it Spark is.\n");
        }
      }
    });
    return t.length() == 0 ? "Needs the sequential baseline and a Spark way at the same sizes.\n" : t.toString();
  }

  private static String startupSection(List<Run> runs, List<String[]> checks, String input) {
    if (runs.isEmpty()) return "";
    Cell c = new Cell();
    c.runs.addAll(runs);
    if (!c.ok()) return "scripts/price on " + input + ": no valid run (" + c.notCounted() + ").\n";
    double[] w = c.walls();
    String orders = checks.stream().filter(k -> k[0].equals("data") && k.length > 3).map(k -> k[3] + " orders, ").findFirst().orElse("");
    return "scripts/price on " + input + " (" + orders + "default master): median wall " + seconds(c.median()) + " s over " + w.length
        + " run(s) (" + seconds(w[0]) + "–" + seconds(w[w.length - 1]) + " s), peak RSS " + Math.round(c.peakRssKb() / 1024.0)
        + " MiB. Target of issue 5: at most 3.5 s.\n";
  }

  private static String checksTable(List<String[]> checks, String startupInput) {
    if (checks.isEmpty()) return "";
    StringBuilder t = new StringBuilder();
    t.append("| orders | input | way | rows | price total | out of order | columns |\n|---:|---|---|---:|---:|---:|---|\n");
    for (String[] c : checks) {
      boolean sample = c[0].equals("data");
      t.append("| ").append(sample ? "–" : count(Long.parseLong(c[1]))).append(" | ").append(sample ? startupInput : c[0])
          .append(" | ").append(label(c[2]));
      for (int i = 3; i < 7; i++) t.append(" | ").append(i < c.length ? c[i] : "");
      t.append(checkProblem(c) || !samePriceTotal(c, checks) ? " ⚠ |\n" : " |\n");
    }
    return t.toString();
  }

  /**
   * A check line whose row count differs from the orders, or that could not be read, or that is out of order. The
   * Spark copy is exempt from order: Spark's file sources pack splits by size, so over many files it writes the rows in
   * another order, which is what the job's own read path is for.
   */
  private static boolean checkProblem(String[] c) {
    return c.length < 7 || !(c[0].equals("data") || c[3].equals(c[1])) || !(c[5].equals("0") || c[2].equals("spark-copy"));
  }

  /** Every way that prices the same input must come to the same price total. */
  private static boolean samePriceTotal(String[] c, List<String[]> checks) {
    if (c.length < 5 || !isNumber(c[4])) return true;
    for (String[] other : checks) {
      if (other.length < 5 || !other[0].equals(c[0]) || !other[1].equals(c[1]) || !isNumber(other[4])) continue;
      if (new java.math.BigDecimal(other[4]).compareTo(new java.math.BigDecimal(c[4])) != 0) return false;
    }
    return true;
  }

  private static boolean isNumber(String s) {
    try {
      new java.math.BigDecimal(s);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean anyCheckProblem(List<String[]> checks) {
    return checks.stream().anyMatch(c -> checkProblem(c) || !samePriceTotal(c, checks));
  }

  // ---- formatting ------------------------------------------------------------------------------------------------

  /** Two significant digits: an interpolated breakeven is no more precise than that. */
  static long roughly(double n) {
    if (n < 100) return Math.round(n);
    double unit = Math.pow(10, Math.floor(Math.log10(n)) - 1);
    return Math.round(Math.round(n / unit) * unit);
  }

  static String count(long n) { return String.format(Locale.ROOT, "%,d", n); }

  static String seconds(double s) { return String.format(Locale.ROOT, s < 10 ? "%.2f" : "%.1f", s); }

  static String times(double r) { return String.format(Locale.ROOT, "%.2f", r); }

  private static String cpu(double cpu, double wall) {
    return Double.isNaN(cpu) ? "–" : seconds(cpu) + " (" + times(cpu / wall) + ")";
  }

  static String ratio(double wall, Cell of) {
    if (Double.isNaN(wall) || of == null || !of.ok()) return "–";
    return times(wall / of.median());
  }
}
