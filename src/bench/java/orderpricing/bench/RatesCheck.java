package orderpricing.bench;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import orderpricing.bench.BenchInputs.Format;

/**
 * Checks the outputs of the rates sitting against an independent pricing, outside the timings: DuckDB joins the input
 * orders to the rates table, applies the rule (an order's own discount, else its customer's rate; without rates, no
 * discount) and the pricing of {@link DuckDbCopy#copySql}, and compares each output row by row on id. Prints one
 * tab-separated line per output: label, rows, price total, expected price total, rows that differ from the expected
 * (in any of the six columns, or missing or extra), orders priced at their customer's rate, orders expected to be,
 * rows that come before the row above them in id order.
 *
 * <pre>RatesCheck --orders DIR --rates PARQUET_DIR [--tax-rate 0.1] [--scale 2] rates|plain:LABEL=DIR ...</pre>
 * {@code rates:} outputs were priced with the rates table, {@code plain:} ones without it.
 */
public final class RatesCheck {
  private RatesCheck() {}

  public static void main(String[] argv) throws Exception {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (!args.options.containsKey("orders") || !args.options.containsKey("rates") || args.positional.isEmpty()) {
      BenchInputs.usage("RatesCheck --orders DIR --rates PARQUET_DIR [--tax-rate R] [--scale N] rates|plain:LABEL=DIR ...");
    }
    String orders = parquet(Path.of(args.get("orders", null)));
    String rates = parquet(Path.of(args.get("rates", null)));
    BigDecimal taxRate = new BigDecimal(args.get("tax-rate", "0.1"));
    int scale = Integer.parseInt(args.get("scale", "2"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String arg : args.positional) {
        int colon = arg.indexOf(':'), eq = arg.indexOf('=');
        boolean withRates = arg.substring(0, colon).equals("rates");
        String label = arg.substring(colon + 1, eq);
        System.out.println(label + "\t" + check(s, orders, withRates ? rates : null, taxRate, scale, Path.of(arg.substring(eq + 1))));
      }
    }
  }

  private static String parquet(Path input) {
    List<String> literals = new ArrayList<>();
    for (Path f : BenchInputs.dataFiles(input, Format.PARQUET)) literals.add(DuckDbCopy.literal(f.toString()));
    return "[" + String.join(", ", literals) + "]";
  }

  private static String check(Statement s, String orders, String rates, BigDecimal taxRate, int scale, Path dir) {
    try {
      List<String> files = new ArrayList<>();
      for (Path f : BenchInputs.dataFiles(dir, Format.PARQUET)) if (Files.size(f) > 0) files.add(DuckDbCopy.literal(f.toString()));
      String rate = rates == null ? "CAST(NULL AS DECIMAL(3,2))" : "r.rate";
      String join = rates == null ? "" : " LEFT JOIN read_parquet(" + rates + ") r ON r.customer_id = o.customer_id";
      String sql = "WITH e0 AS (SELECT o.id, o.total, coalesce(o.discount, " + rate + ", 0) AS discount,\n"
          + "    o.discount IS NULL AND " + rate + " IS NOT NULL AS at_rate FROM read_parquet(" + orders + ") o" + join + "),\n"
          + "  e1 AS (SELECT *, round(total * discount, " + scale + ") AS discount_amount FROM e0),\n"
          + "  e AS (SELECT *, round((total - discount_amount) * " + taxRate.toPlainString() + ", " + scale + ") AS tax FROM e1),\n"
          + "  expected AS (SELECT *, round(total - discount_amount + tax, " + scale + ") AS price FROM e),\n"
          + "  out AS (SELECT *, lag(id) OVER (ORDER BY filename, file_row_number) AS prev FROM read_parquet(["
          + String.join(", ", files) + "], filename = true, file_row_number = true))\n"
          + "SELECT count(p.id), sum(p.price)::VARCHAR, sum(x.price)::VARCHAR,\n"
          + "  count(*) FILTER (WHERE x.id IS NULL OR p.id IS NULL OR p.total IS DISTINCT FROM x.total\n"
          + "    OR p.discount IS DISTINCT FROM x.discount OR p.discount_amount IS DISTINCT FROM x.discount_amount\n"
          + "    OR p.tax IS DISTINCT FROM x.tax OR p.price IS DISTINCT FROM x.price),\n"
          + "  count(*) FILTER (WHERE x.at_rate AND p.discount = x.discount), count(*) FILTER (WHERE x.at_rate),\n"
          + "  count(*) FILTER (WHERE p.id < p.prev)\n"
          + "FROM expected x FULL JOIN out p ON p.id = x.id";
      try (ResultSet r = s.executeQuery(sql)) {
        r.next();
        return String.join("\t", Long.toString(r.getLong(1)), r.getString(2), r.getString(3), Long.toString(r.getLong(4)),
            Long.toString(r.getLong(5)), Long.toString(r.getLong(6)), Long.toString(r.getLong(7)));
      }
    } catch (Exception e) {
      return String.join("\t", "-", "-", "-", "-", "-", "-", "-", "cannot check: " + e.getMessage().replace('\n', ' ').replace('\t', ' '));
    }
  }
}
