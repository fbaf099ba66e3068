package orderpricing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks, outside the timings, that the ways priced the same orders the same way: for each output directory (its
 * Parquet part files, read by DuckDB) the row count, the sum of {@code price}, how many rows come before the row
 * above them in id order (the generator writes ids ascending, so 0 means input order was kept), and the column
 * types. Prints one tab-separated line per output: label, rows, price total (or -), out of order, types.
 *
 * <pre>OutputCheck LABEL=DIR ...</pre>
 */
public final class OutputCheck {
  private OutputCheck() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      for (String arg : args) {
        int eq = arg.indexOf('=');
        String label = arg.substring(0, eq), dir = arg.substring(eq + 1);
        System.out.println(String.join("\t", label, check(s, Path.of(dir))));
      }
    }
  }

  private static String check(Statement s, Path dir) {
    try {
      List<Path> files = BenchInputs.dataFiles(dir, BenchInputs.Format.PARQUET);
      List<String> literals = new ArrayList<>();
      for (Path f : files) if (Files.size(f) > 0) literals.add(DuckDbCopy.literal(f.toString()));
      String source = "read_parquet([" + String.join(", ", literals) + "], filename = true, file_row_number = true)";
      List<String> types = new ArrayList<>();
      boolean hasPrice = false;
      try (ResultSet r = s.executeQuery("DESCRIBE SELECT * EXCLUDE (filename, file_row_number) FROM " + source)) {
        while (r.next()) {
          types.add(r.getString(1) + " " + r.getString(2));
          hasPrice |= r.getString(1).equals("price");
        }
      }
      String sql = "SELECT count(*), " + (hasPrice ? "sum(price)::VARCHAR" : "'-'")
          + ", count(*) FILTER (WHERE id < prev) FROM (SELECT id, " + (hasPrice ? "price, " : "")
          + "lag(id) OVER (ORDER BY filename, file_row_number) AS prev FROM " + source + ")";
      try (ResultSet r = s.executeQuery(sql)) {
        r.next();
        return String.join("\t", Long.toString(r.getLong(1)), r.getString(2), Long.toString(r.getLong(3)), String.join(", ", types));
      }
    } catch (Exception e) {
      return String.join("\t", "-", "-", "-", "cannot check: " + e.getMessage().replace('\n', ' ').replace('\t', ' '));
    }
  }
}
