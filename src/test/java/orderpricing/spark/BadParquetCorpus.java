package orderpricing.spark;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the Parquet files of the bad-input corpus in src/test/resources/bad-input (committed; run again to remake them):
 * {@code java @conf/jvm-options -cp target/test-classes:target/classes:$(cat target/classpath.txt) orderpricing.spark.BadParquetCorpus src/test/resources/bad-input}
 */
public final class BadParquetCorpus {
  private BadParquetCorpus() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    SparkSession spark = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
    try {
      StructType doubles = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.DoubleType).add("discount", DataTypes.DoubleType);
      TestData.parquet(spark, dir.resolve("mixed.parquet"), doubles, List.of(
          RowFactory.create("P-1", 10.0, 0.1),
          RowFactory.create(null, 10.0, null),
          RowFactory.create("", 5.0, null),
          RowFactory.create("P-4", null, 0.1),
          RowFactory.create("P-5", -1.0, null),
          RowFactory.create("P-6", Double.NaN, null),
          RowFactory.create("P-7", Double.POSITIVE_INFINITY, null),
          RowFactory.create("P-8", 5.0, 1.5),
          RowFactory.create("P-9", 19.99, Double.NaN),
          RowFactory.create("P-10", 0.1, null)), 1 << 20);
      StructType wide = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(38, 20));
      TestData.parquet(spark, dir.resolve("decimal-range.parquet"), wide, List.of(
          RowFactory.create("W-1", new BigDecimal("1.12345678901234567891")),
          RowFactory.create("W-2", new BigDecimal("5.00"))), 1 << 20);
      StructType noTotal = new StructType().add("id", DataTypes.StringType).add("amount", DataTypes.IntegerType);
      TestData.parquet(spark, dir.resolve("no-total-column.parquet"), noTotal, List.of(
          RowFactory.create("N-1", 1), RowFactory.create("N-2", 2)), 1 << 20);
      StructType stringTotal = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.StringType);
      Path good = TestData.parquet(spark, dir.resolve("total-as-string.parquet"), stringTotal, List.of(
          RowFactory.create("S-1", "12.50")), 1 << 20);
      byte[] bytes = Files.readAllBytes(good);
      Files.write(dir.resolve("truncated.parquet"), Arrays.copyOf(bytes, bytes.length / 2));
      Files.writeString(dir.resolve("corrupt.parquet"), "this is not a parquet file, just text that ends in PAR1\n");
    } finally {
      spark.stop();
    }
  }
}
