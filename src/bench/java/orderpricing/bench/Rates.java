package orderpricing.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import orderpricing.bench.BenchReport.Cell;

/**
 * The customer rates part of the report (issue 11): per way, the job's median wall time with the rates against the
 * same run without them, next to the targets (at most 1.3× with broadcast rates, 2× with executor lookups); what each
 * way's summary says (lookup, customers, priced, rejected, price total); the independent check of each output
 * ({@link RatesCheck}); a table ready for the README; and where the first run of each way spent its time.
 */
final class Rates {
  private Rates() {}

  /** The input name scripts/bench gives the rates sitting in raw.tsv. */
  static final String INPUT = "rates";
  static final String BASE = "no-rates";

  /** The ways of the rates sitting: key, the options they add to scripts/price, target ratio (0: none). */
  record Way(String key, String options, double target) {}

  static final List<Way> WAYS = List.of(
      new Way(BASE, "(none)", 0),
      new Way("rates-file", "`--rates RATES/parquet`", 1.3),
      new Way("jdbc-broadcast", "`--rates jdbc:postgresql://… --rates-properties F --rates-lookup broadcast`", 1.3),
      new Way("jdbc-executor", "`--rates jdbc:postgresql://… --rates-properties F --rates-lookup executor`", 2.0));

  /**
   * rates.tsv, one line: orders, customers, how the orders were made, how the rates were made, the PostgreSQL version
   * (empty when no way used it).
   */
  record Sitting(long orders, long customers, String ordersMadeBy, String ratesMadeBy, String postgres) {
    static Sitting read(Path file) throws IOException {
      String[] f = Files.readAllLines(file, StandardCharsets.UTF_8).get(0).split("\t", -1);
      return new Sitting(Long.parseLong(f[0]), Long.parseLong(f[1]), f[2], f[3], f[4]);
    }
  }

  static String tables(Sitting sitting, Map<String, Cell> byWay, Path checksFile, Path summaries, Path events) throws IOException {
    Map<String, String[]> checks = new HashMap<>();
    if (Files.exists(checksFile)) {
      for (String line : Files.readAllLines(checksFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) checks.put(line.split("\t", -1)[0], line.split("\t", -1));
      }
    }
    Cell base = byWay.get(BASE);
    double b = ok(base) ? base.median() : Double.NaN;
    StringBuilder t = new StringBuilder("## Customer rates\n\n");
    t.append(BenchReport.count(sitting.orders())).append(" orders over ").append(BenchReport.count(sitting.customers()))
        .append(" customers, Parquet, about half of them without a discount of their own, so their customer's rate applies; ")
        .append("a rates table of every customer. One sitting, the ways taking turns run after run; each run is `scripts/price "
            + "--input IN --output OUT --overwrite --master local[*]` plus the way's options. Targets (issue 11), as ratios of "
            + "median wall times to the same run without `--rates`: at most 1.3× with broadcast rates, at most 2× with "
            + "`executor` lookups.\n\n");
    t.append("| way | options | wall s (median) | runs min–max s | × no rates | target | lookup | customers | priced | rejected | price total |\n");
    t.append("|---|---|---:|---:|---:|---|---|---:|---:|---:|---:|\n");
    StringBuilder readme = new StringBuilder("| rates | wall time | × no rates | target |\n|---|---:|---:|---|\n");
    for (Way way : WAYS) {
      Cell c = byWay.get(way.key());
      if (c == null) continue;
      JsonNode summary = summary(summaries, way.key());
      JsonNode rates = summary == null ? null : summary.path("rates");
      String ratio = way.key().equals(BASE) ? "1.00" : BenchReport.ratio(ok(c) ? c.median() : Double.NaN, base);
      String target = way.target() == 0 ? "–"
          : "≤ " + BenchReport.times(way.target()) + verdict(ratio.equals("–") ? null : c.median() / b <= way.target());
      t.append("| ").append(way.key()).append(" | ").append(way.options()).append(" | ").append(wall(c))
          .append(c.notCounted().isEmpty() ? "" : " (" + c.notCounted() + ")").append(" | ").append(spread(c))
          .append(" | ").append(ratio).append(" | ").append(target)
          .append(" | ").append(text(rates, "lookup")).append(" | ").append(text(rates, "customers"))
          .append(" | ").append(text(summary, "priced")).append(" | ").append(text(summary, "rejected"))
          .append(" | ").append(text(summary, "price_total")).append(" |\n");
      readme.append("| ").append(readmeLabel(way.key())).append(" | ").append(ok(c) ? wall(c) + " s" : "–").append(" | ")
          .append(ratio).append(" | ").append(way.target() == 0 ? "–" : "≤ " + BenchReport.times(way.target())).append(" |\n");
    }
    t.append('\n').append(checkSection(byWay, checks, summaries));
    t.append("\nInputs, made once and cached under `target/bench-data/`: the orders by ").append(sitting.ordersMadeBy())
        .append("; the rates by ").append(sitting.ratesMadeBy());
    if (!sitting.postgres().isEmpty()) {
      t.append(", loaded into PostgreSQL ").append(sitting.postgres())
          .append(" (`scripts/postgres`, a throwaway server on 127.0.0.1) with `CREATE TABLE customer_rates (customer_id text "
              + "PRIMARY KEY, rate numeric(3,2))`, `\\copy … FROM STDIN WITH (FORMAT csv, HEADER true)` and `ANALYZE`");
    }
    t.append(".\n\n");
    t.append("### For the README\n\n").append(BenchReport.count(sitting.orders())).append(" orders over ")
        .append(BenchReport.count(sitting.customers())).append(" customers, `local[*]`, median wall time:\n\n").append(readme).append('\n');
    t.append("### Where the time goes\n\nThe first run of each way, stage by stage, from its event log: the stage's wall time, "
        + "its tasks' run time and their CPU time, in seconds.\n\n");
    Map<String, Path> runs = new java.util.LinkedHashMap<>();
    for (Way way : WAYS) {
      if (byWay.containsKey(way.key())) runs.put(way.key(), events.resolve(INPUT + "-" + sitting.orders() + "-" + way.key() + "-1"));
    }
    return t.append(EventLogStages.table("way", runs)).append('\n').toString();
  }

  /** Each output against DuckDB's own pricing, and the ways' summaries against each other. */
  private static String checkSection(Map<String, Cell> byWay, Map<String, String[]> checks, Path summaries) throws IOException {
    StringBuilder t = new StringBuilder("### Output checks\n\nThe first run's output of each way, read back with DuckDB "
        + "outside the timings and compared row by row (on `id`, all six columns) with DuckDB's own pricing of the same "
        + "input: each order's own discount, else its customer's rate from the rates table (without `--rates`: no discount), "
        + "then the job's rule (HALF_UP, scale 2, tax 0.1). *At their customer's rate*: orders without a discount of their "
        + "own whose output `discount` is their customer's rate, of those that should be.\n\n");
    t.append("| way | rows | price total | expected price total | rows differing | at their customer's rate | out of input order |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|\n");
    Set<String> problems = new LinkedHashSet<>();
    Set<String> rateSummaries = new LinkedHashSet<>();
    for (Way way : WAYS) {
      if (!byWay.containsKey(way.key())) continue;
      String[] c = checks.get(way.key());
      if (c == null) {
        t.append("| ").append(way.key()).append(" | not checked | | | | | |\n");
        problems.add(way.key() + " was not checked");
        continue;
      }
      if (c.length > 8) {
        t.append("| ").append(way.key()).append(" | ").append(c[8]).append(" | | | | | |\n");
        problems.add(way.key() + " could not be checked");
        continue;
      }
      t.append("| ").append(way.key()).append(" | ").append(c[1]).append(" | ").append(c[2]).append(" | ").append(c[3])
          .append(" | ").append(c[4]).append(" | ").append(c[5]).append(" of ").append(c[6]).append(" | ").append(c[7]).append(" |\n");
      if (!c[4].equals("0")) problems.add(way.key() + ": " + c[4] + " rows differ from DuckDB's pricing");
      if (!c[5].equals(c[6])) problems.add(way.key() + ": " + c[5] + " of " + c[6] + " orders at their customer's rate");
      if (!c[7].equals("0")) problems.add(way.key() + ": " + c[7] + " rows out of input order");
      JsonNode s = summary(summaries, way.key());
      if (s == null) {
        problems.add(way.key() + " left no summary");
      } else {
        if (!s.path("price_total").asText().equals(c[2])) problems.add(way.key() + ": the summary's price total is not the output's");
        if (s.path("priced").asLong(-1) != Long.parseLong(c[1])) problems.add(way.key() + ": the summary's priced count is not the output's rows");
        if (!way.key().equals(BASE)) {
          rateSummaries.add(s.path("input_records").asText() + "/" + s.path("priced").asText() + "/" + s.path("rejected").asText()
              + "/" + s.path("duplicate_ids").asText() + "/" + s.path("price_total").asText() + "/" + s.path("rates").path("customers").asText()
              + "/" + s.path("rates").path("unknown_customers").asText());
        }
      }
    }
    if (rateSummaries.size() > 1) problems.add("the summaries of the ways with rates disagree (input/priced/rejected/duplicates/total/customers/unknown: "
        + String.join("; ", rateSummaries) + ")");
    t.append('\n').append(problems.isEmpty()
        ? "All outputs match DuckDB's pricing row by row, and the summaries of the ways with rates agree (input records, "
            + "priced, rejected, duplicate ids, price total, customers, unknown customers).\n"
        : "**Problems:** " + String.join("; ", problems) + ".\n");
    return t.toString();
  }

  private static JsonNode summary(Path summaries, String way) throws IOException {
    return summary(summaries, way, 1);
  }

  /** The summary (scripts/price --summary) of one run of a way, or null when it left none. */
  static JsonNode summary(Path summaries, String way, int run) throws IOException {
    Path f = summaries.resolve(way + "-" + run + ".json");
    return Files.exists(f) ? new ObjectMapper().readTree(f.toFile()) : null;
  }

  static String text(JsonNode n, String field) {
    return n == null || n.path(field).isMissingNode() || n.path(field).isNull() ? "–" : n.path(field).asText();
  }

  private static String readmeLabel(String way) {
    return switch (way) {
      case BASE -> "none (the same orders without `--rates`)";
      case "rates-file" -> "Parquet file, broadcast";
      case "jdbc-broadcast" -> "PostgreSQL, `--rates-lookup broadcast`";
      case "jdbc-executor" -> "PostgreSQL, `--rates-lookup executor`";
      default -> way;
    };
  }

  static boolean ok(Cell c) { return c != null && c.ok(); }

  static String wall(Cell c) { return ok(c) ? BenchReport.seconds(c.median()) : "–"; }

  static String spread(Cell c) {
    if (!ok(c)) return "–";
    double[] w = c.walls();
    return BenchReport.seconds(w[0]) + "–" + BenchReport.seconds(w[w.length - 1]);
  }

  static String verdict(Boolean met) { return met == null ? "" : met ? " met" : " **missed**"; }
}
