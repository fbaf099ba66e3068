package orderpricing.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * An input written by another tool: the generator's orders (read from its Parquet output) written again by DuckDB as
 * one Parquet file, the way DuckDB writes Parquet: row groups of 122,880 rows, {@code DECIMAL(12,2)} total and
 * {@code DECIMAL(4,2)} discount, in id order. Prints the rows, row groups and column types it wrote.
 *
 * <pre>DuckDbWrittenInput GENERATED_PARQUET_DIR OUTPUT_DIR</pre>
 */
public final class DuckDbWrittenInput {
  private DuckDbWrittenInput() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) BenchInputs.usage("DuckDbWrittenInput GENERATED_PARQUET_DIR OUTPUT_DIR");
    String source = DuckDbCopy.literal(BenchInputs.glob(Path.of(args[0]), BenchInputs.Format.PARQUET));
    Path file = BenchInputs.newOutputDir(args[1]).resolve("orders.parquet");
    String target = DuckDbCopy.literal(file.toString());
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT id, CAST(total AS DECIMAL(12,2)) AS total, CAST(discount AS DECIMAL(4,2)) AS discount "
          + "FROM read_parquet(" + source + ") ORDER BY id) TO " + target + " (FORMAT parquet, ROW_GROUP_SIZE 122880)");
      try (ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT row_group_id) FROM parquet_metadata(" + target
          + ") WHERE path_in_schema = 'id'")) {
        r.next();
        System.out.print("duckdb wrote " + file + ": row groups " + r.getLong(2) + ",");
      }
      try (ResultSet r = s.executeQuery("SELECT column_name || ' ' || column_type FROM (DESCRIBE SELECT * FROM read_parquet("
          + target + "))")) {
        while (r.next()) System.out.print(" " + r.getString(1) + ";");
      }
      try (ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet(" + target + ")")) {
        r.next();
        System.out.println(" rows " + r.getLong(1));
      }
    }
    Files.createFile(file.getParent().resolve("_SUCCESS"));
  }
}
