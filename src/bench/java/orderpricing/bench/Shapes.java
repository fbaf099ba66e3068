package orderpricing.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import orderpricing.bench.BenchReport.Cell;

/**
 * The input shapes part of the report (issue 9): per shape, the job's wall time against the plain Spark copy of the
 * same input and DuckDB, next to the targets, and how many tasks the job's pricing stage and Spark's own reader used
 * (from each run's event log); the same figures as a table ready for the README; and where the first run of each
 * Spark way spent its time, stage by stage.
 */
final class Shapes {
  private Shapes() {}

  /** Spark's default spark.sql.files.maxPartitionBytes, and the size above which every core should get a share. */
  static final long SPLIT_BYTES = 128L << 20, BYTES_PER_CORE = 4L << 20;

  /** One shape, as scripts/bench describes it in shapes.tsv. */
  record Shape(String name, String format, long orders, long files, long bytes, double target, String label, String madeBy) {
    boolean text() { return !format.equals("parquet"); }

    /** The fewest tasks a text file should be read by: one per 128 MiB, and every core once it is big enough. */
    long leastTasks(int cores) {
      long bySize = (bytes + SPLIT_BYTES - 1) / SPLIT_BYTES;
      return Math.max(bySize, bytes > BYTES_PER_CORE * cores ? cores : 1);
    }
  }

  /** shapes.tsv lines: name, format, orders, files, bytes, target ratio, label, the command that made it. */
  static List<Shape> read(Path file) throws IOException {
    List<Shape> shapes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) continue;
      String[] f = line.split("\t", -1);
      shapes.add(new Shape(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
          Double.parseDouble(f[5]), f[6], f[7]));
    }
    return shapes;
  }

  static String tables(List<Shape> shapes, Map<String, Map<Long, Map<String, Cell>>> cells, Path events, int cores,
      String duckLabel) {
    StringBuilder t = new StringBuilder("## Input shapes\n\n");
    t.append("Each shape is a sitting of its own, the ways taking turns run after run. Targets (issue 9), as ratios of "
        + "median wall times on this machine: the job at most 1.3× the plain Spark copy of the same input (Spark's own "
        + "reader, with a declared schema for JSON Lines and CSV, writing Parquet), at most 1.25× on the 10,000,000-order "
        + "few-big shape; a JSON Lines or CSV file read by at least as many tasks as Spark's own reader, at least one "
        + "per 128 MiB, and never fewer than the cores (" + cores + ") when it is bigger than 4 MiB per core. Tasks are "
        + "those of the first stage that wrote records (the job's pricing stage), from each run's Spark event log.\n\n");
    t.append("| shape | input | job local[*] s | Spark copy s | job ÷ Spark copy | target | ").append(duckLabel)
        .append(" s | job ÷ DuckDB | tasks: job / Spark copy (text: at least) | tasks target |\n");
    t.append("|---|---|---:|---:|---:|---|---:|---:|---:|---|\n");
    StringBuilder readme = new StringBuilder();
    readme.append("| input | the job, `local[*]` | plain Spark copy of the same input | job ÷ Spark copy | ").append(duckLabel).append(" |\n");
    readme.append("|---|---:|---:|---:|---:|\n");
    for (Shape shape : shapes) {
      Map<String, Cell> byWay = cells.getOrDefault(shape.name(), Map.of()).getOrDefault(shape.orders(), Map.of());
      Cell job = byWay.get("job-local"), copy = byWay.get("spark-copy"), duck = byWay.get("duckdb");
      double j = ok(job) ? job.median() : Double.NaN;
      String ratio = BenchReport.ratio(j, copy);
      TreeSet<Integer> jobCounts = taskCounts(events, shape, "job-local", job), copyCounts = taskCounts(events, shape, "spark-copy", copy);
      String jobTasks = range(jobCounts), copyTasks = range(copyCounts);
      t.append("| ").append(shape.name()).append(" | ").append(shape.label()).append(", ").append(megabytes(shape.bytes()))
          .append(" | ").append(wall(job)).append(" | ").append(wall(copy)).append(" | ").append(ratio)
          .append(" | ≤ ").append(BenchReport.times(shape.target())).append(verdict(ratio.equals("–") ? null : j / copy.median() <= shape.target()))
          .append(" | ").append(wall(duck)).append(" | ").append(BenchReport.ratio(j, duck))
          .append(" | ").append(jobTasks).append(" / ").append(copyTasks);
      if (shape.text()) {
        long least = shape.leastTasks(cores);
        t.append(" (").append(least).append(") | ≥ ").append(least).append(" and ≥ Spark copy")
            .append(verdict(jobCounts.isEmpty() ? null
                : jobCounts.first() >= least && (copyCounts.isEmpty() || jobCounts.first() >= copyCounts.last())));
      } else {
        t.append(" | –");
      }
      t.append(" |\n");
      readme.append("| ").append(shape.label()).append(" (").append(megabytes(shape.bytes())).append(") | ")
          .append(readmeCell(job, shape.text() ? jobTasks : null)).append(" | ")
          .append(readmeCell(copy, shape.text() ? copyTasks : null)).append(" | ")
          .append(ratio).append(" | ").append(readmeCell(duck, null)).append(" |\n");
    }
    t.append("\nHow each input was made (once, cached under `target/bench-data/`):\n\n");
    for (Shape shape : shapes) t.append("- ").append(shape.name()).append(": ").append(shape.madeBy()).append('\n');
    t.append("\n### For the README\n\n").append(readme).append('\n');
    t.append("### Where the time goes\n\nThe first run of each Spark way, stage by stage, from its event log: the stage's "
        + "wall time (submission to completion; stages of the job overlap where it runs two at once), its tasks' run time "
        + "and their CPU time, in seconds.\n\n");
    t.append("| shape | way | stage | tasks | wall s | task s | task CPU s |\n|---|---|---|---:|---:|---:|---:|\n");
    for (Shape shape : shapes) {
      for (String way : List.of("job-local", "spark-copy")) {
        for (EventLogStages.Stage st : EventLogStages.of(runEvents(events, shape, way, 1))) {
          t.append("| ").append(shape.name()).append(" | ").append(BenchReport.label(way)).append(" | ").append(st.id())
              .append(" `").append(st.name()).append("` | ").append(st.tasks()).append(" | ").append(BenchReport.seconds(st.wallSeconds()))
              .append(" | ").append(BenchReport.seconds(st.taskSeconds())).append(" | ").append(BenchReport.seconds(st.cpuSeconds()))
              .append(" |\n");
        }
      }
    }
    return t.append('\n').toString();
  }

  /** Where scripts/bench put the event log of one run. */
  private static Path runEvents(Path events, Shape shape, String way, int run) {
    return events.resolve(shape.name() + "-" + shape.orders() + "-" + way + "-" + run);
  }

  private static boolean ok(Cell c) { return c != null && c.ok(); }

  private static String wall(Cell c) { return ok(c) ? BenchReport.seconds(c.median()) : "–"; }

  /** "12.3 s", with the tasks when given: "12.3 s, 3 tasks". */
  private static String readmeCell(Cell c, String tasks) {
    if (!ok(c)) return "–";
    return wall(c) + " s" + (tasks == null || tasks.equals("–") ? "" : ", " + tasks + " tasks");
  }

  private static String verdict(Boolean met) { return met == null ? "" : met ? " met" : " **missed**"; }

  /** One number when the runs agree, else their range. */
  private static String range(TreeSet<Integer> counts) {
    if (counts.isEmpty()) return "–";
    return counts.size() == 1 ? counts.first().toString() : counts.first() + "–" + counts.last();
  }

  /** The tasks of each successful run's writing stage. */
  private static TreeSet<Integer> taskCounts(Path events, Shape shape, String way, Cell cell) {
    TreeSet<Integer> counts = new TreeSet<>();
    if (!ok(cell)) return counts;
    for (BenchReport.Run r : cell.runs) {
      if (r.exit() != 0) continue;
      EventLogStages.writeTasks(EventLogStages.of(runEvents(events, shape, way, r.run()))).ifPresent(counts::add);
    }
    return counts;
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%,d MB", Math.round(bytes / 1e6));
  }
}
