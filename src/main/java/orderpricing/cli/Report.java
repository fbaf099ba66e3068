package orderpricing.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import orderpricing.spark.JobResult;
import orderpricing.pricing.PricedOrder;
import orderpricing.spark.output.WholeFile;
import org.apache.hadoop.conf.Configuration;

/** The run's summary: printed for people at the end of every run, and as JSON for schedulers. */
final class Report {
  private Report() {}

  static Map<String, Object> summary(JobResult r, long elapsedMs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("input_records", r.inputRecords());
    m.put("priced", r.priced());
    m.put("rejected", r.rejected());
    m.put("duplicate_ids", r.duplicateIds());
    m.put("price_total", r.priceTotal().toPlainString());
    m.put("elapsed_ms", elapsedMs);
    m.put("committed", r.committed());
    m.put("outcome", outcome(r));
    m.put("input_files", r.inputFiles());
    r.tableVersion().ifPresent(v -> m.put("table_version", v));
    m.put("output", r.output());
    m.put("rejects", r.rejects());
    m.put("rejects_by_reason", reasons(r));
    r.rates().ifPresent(rates -> {
      Map<String, Object> used = new LinkedHashMap<>();
      used.put("source", rates.source());
      used.put("customers", rates.customers());
      used.put("lookup", rates.lookup());
      used.put("unknown_customers", rates.unknownCustomers());
      m.put("rates", used);
    });
    return m;
  }

  /** How the run ended, in words a scheduler can match: committed, over reject limit, already committed, 0 new files. */
  static String outcome(JobResult r) {
    return switch (r.outcome()) {
      case COMMITTED -> "committed";
      case OVER_REJECT_LIMIT -> "over reject limit";
      case ALREADY_COMMITTED -> "already committed";
      case NO_NEW_FILES -> "0 new files";
    };
  }

  /** The most common reasons for rejects, as {@code [{"reason": …, "count": …}]}, worded without the records' values. */
  static List<Map<String, Object>> reasons(JobResult r) {
    return r.rejectReasons().stream().map(c -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("reason", c.reason());
      m.put("count", c.count());
      return m;
    }).toList();
  }

  /** Written after the result is committed, whole or not at all, at a local or Hadoop path. */
  static void writeJson(JobResult r, long elapsedMs, String path, Configuration conf) throws IOException {
    WholeFile.at(path, conf).write(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(summary(r, elapsedMs)));
  }

  static void print(JobResult r, long elapsedMs, PrintWriter out) {
    if (r.outcome() == JobResult.Outcome.ALREADY_COMMITTED || r.outcome() == JobResult.Outcome.NO_NEW_FILES) {
      String why = r.outcome() == JobResult.Outcome.ALREADY_COMMITTED ? "this run is already committed" : "0 new files";
      out.printf("Nothing to do: %s; %s is left as it was; %.1f s%n", why, r.output(), elapsedMs / 1000.0);
      out.flush();
      return;
    }
    out.printf("Priced %,d of %,d orders (%,d rejected, %,d duplicate ids); price total %s; %.1f s%n",
        r.priced(), r.inputRecords(), r.rejected(), r.duplicateIds(), r.priceTotal().toPlainString(), elapsedMs / 1000.0);
    String unwritten = r.committed() ? "" : " (not written: over the reject limit)";
    String table = r.tableVersion().isPresent() ? String.format(" (table version %d; %,d input file(s))", r.tableVersion().getAsLong(), r.inputFiles()) : "";
    out.println("Output:  " + r.output() + table + unwritten);
    if (r.rejected() > 0) {
      out.println("Rejects: " + r.rejects() + unwritten);
      for (var c : r.rejectReasons()) out.printf("  %,12d  %s%n", c.count(), c.reason());
      if (r.rejectReasons().size() == JobResult.REASONS) out.println("  (the " + JobResult.REASONS + " most common reasons)");
    }
    r.rates().ifPresent(rates -> out.printf("Rates:   %s (%s, %s lookup; %s of the orders not in it)%n",
        rates.source(), customers(rates.customers()), rates.lookup(), customers(rates.unknownCustomers())));
    if (!r.preview().isEmpty() && r.committed()) {
      out.println("First rows:");
      // The preview holds the priced columns; kept columns are in the output only.
      table(r.columns().subList(0, PRICED_COLUMNS), r.preview(), out);
    }
    out.flush();
  }

  private static final int PRICED_COLUMNS = 6;

  private static void table(List<String> columns, List<PricedOrder> rows, PrintWriter out) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns.toArray(String[]::new));
    for (PricedOrder o : rows) {
      cells.add(new String[] {cell(o.getId()), cell(o.getTotal()), cell(o.getDiscount()), cell(o.getDiscountAmount()),
          cell(o.getTax()), cell(o.getPrice())});
    }
    int[] width = new int[columns.size()];
    for (String[] c : cells) for (int i = 0; i < c.length; i++) width[i] = Math.max(width[i], c[i].length());
    for (String[] c : cells) {
      StringBuilder line = new StringBuilder(" ");
      for (int i = 0; i < c.length; i++) {
        String cell = i == 0 ? String.format("%-" + width[i] + "s", c[i]) : String.format("%" + width[i] + "s", c[i]);
        line.append(' ').append(cell);
      }
      out.println(line);
    }
  }

  private static String customers(long n) {
    return String.format("%,d customer%s", n, n == 1 ? "" : "s");
  }

  /** The widest cell of the preview, in characters: a 100 KB id would push every other column off the screen. */
  static final int MAX_CELL = 40;

  /**
   * A value as one line of at most {@link #MAX_CELL} characters, so that the table stays aligned: line breaks, tabs
   * and other control characters escaped ({@code \n}, {@code \t}, {@code \r}, {@code \u001b}), a longer value cut
   * with "…". A preview is for reading: a backslash in a value is shown as it is. Every decimal of the output fits
   * whole (38 digits and a point).
   */
  static String cell(Object v) {
    String text = v == null ? "" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.append(switch (c) {
      case '\n' -> "\\n";
      case '\r' -> "\\r";
      case '\t' -> "\\t";
      default -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? String.format("\\u%04x", c) : Character.toString(c);
    }));
    if (out.codePointCount(0, out.length()) <= MAX_CELL) return out.toString();
    return out.substring(0, out.offsetByCodePoints(0, MAX_CELL - 1)) + "…";
  }
}
