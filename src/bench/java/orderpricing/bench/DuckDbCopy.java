package orderpricing.bench;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import orderpricing.bench.BenchInputs.Format;

/**
 * The reference a user might pick instead of Spark: DuckDB (in-process, through JDBC) prices the orders in SQL with
 * DECIMAL arithmetic and writes Parquet in one {@code COPY (SELECT ...) TO ... (FORMAT parquet)}, with
 * {@code SET threads = N}. DuckDB's {@code round} on decimals rounds half away from zero, which is HALF_UP, the
 * job's default rounding. Input order is kept (DuckDB's preserve_insertion_order is on by default).
 *
 * <pre>DuckDbCopy [--format parquet|jsonl|csv] [--threads 2] [--tax-rate 0.1] [--scale 2] INPUT OUTPUT_DIR</pre>
 * {@code DuckDbCopy --version} prints DuckDB's version.
 */
public final class DuckDbCopy {
  private DuckDbCopy() {}

  public static void main(String[] argv) throws Exception {
    if (argv.length == 1 && argv[0].equals("--version")) {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT version()")) {
        r.next();
        System.out.println(r.getString(1));
      }
      return;
    }
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (args.positional.size() != 2) {
      BenchInputs.usage("DuckDbCopy [--format parquet|jsonl|csv] [--threads N] [--tax-rate R] [--scale N] INPUT OUTPUT_DIR");
    }
    long start = System.nanoTime();
    Format format = Format.of(args.get("format", "parquet"));
    int threads = Integer.parseInt(args.get("threads", "2"));
    BigDecimal taxRate = new BigDecimal(args.get("tax-rate", "0.1"));
    int scale = Integer.parseInt(args.get("scale", "2"));
    Path input = Path.of(args.positional.get(0));
    List<Path> inputs = BenchInputs.dataFiles(input, format);
    Path output = BenchInputs.newOutputDir(args.positional.get(1)).resolve("part-00000.parquet");

    String sql = copySql(source(format, BenchInputs.glob(input, format)), taxRate, scale, output);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("SET threads = " + threads);
      long rows = -1;
      if (s.execute(sql)) {
        try (ResultSet r = s.getResultSet()) {
          if (r.next()) rows = r.getLong(1); // COPY answers with the number of rows it wrote
        }
      } else {
        rows = s.getUpdateCount();
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.out.println("duckdb: priced " + rows + " orders from " + inputs.size() + " file(s), " + threads + " threads, "
          + ms + " ms in main");
    }
    java.nio.file.Files.createFile(output.getParent().resolve("_SUCCESS"));
  }

  /**
   * The input (a file or a glob, which DuckDB expands in name order) as a DuckDB table function; JSON and CSV columns
   * get decimal types that hold the generator's values, so the arithmetic is exact and there is no inference pass.
   */
  static String source(Format format, String files) {
    String columns = "columns = {id: 'VARCHAR', total: 'DECIMAL(18,2)', discount: 'DECIMAL(9,2)'}";
    return switch (format) {
      case PARQUET -> "read_parquet(" + literal(files) + ")";
      case JSONL -> "read_json(" + literal(files) + ", format = 'newline_delimited', " + columns + ")";
      case CSV -> "read_csv(" + literal(files) + ", header = true, " + columns + ")";
    };
  }

  /**
   * The job's pricing rule in SQL: discount_amount = round(total × discount), tax = round((total − discount_amount) ×
   * tax_rate), price = round(total − discount_amount + tax), rounded to the scale, a missing discount meaning 0.
   */
  static String copySql(String source, BigDecimal taxRate, int scale, Path output) {
    String money = "DECIMAL(18," + scale + ")";
    return "COPY (\n"
        + "  WITH orders AS (SELECT id, total, coalesce(discount, CAST(0 AS DECIMAL(3,2))) AS discount FROM " + source + "),\n"
        + "  discounted AS (SELECT id, total, discount, round(total * discount, " + scale + ") AS discount_amount FROM orders),\n"
        + "  taxed AS (SELECT *, round((total - discount_amount) * " + taxRate.toPlainString() + ", " + scale + ") AS tax FROM discounted)\n"
        + "  SELECT id, total, discount,\n"
        + "    CAST(discount_amount AS " + money + ") AS discount_amount,\n"
        + "    CAST(tax AS " + money + ") AS tax,\n"
        + "    CAST(round(total - discount_amount + tax, " + scale + ") AS " + money + ") AS price\n"
        + "  FROM taxed\n"
        + ") TO " + literal(output.toString()) + " (FORMAT parquet)";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

}
