package orderpricing.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import orderpricing.pricing.Order;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark internals this project relies on, each exercised for what the project needs of it. When a Spark upgrade
 * changes them, this test fails (or does not compile) before anything else does: look here first.
 */
@ExtendWith(SharedSpark.class)
class SparkInternalsTest {
  @TempDir Path tmp;

  private static SparkSession spark() {
    return SharedSpark.spark();
  }

  @Test
  void anIdsHashIsSparksXxhash64OfIt() {
    for (String id : java.util.List.of("ORD-000000001", "", "é-ü-€-😀", "a much longer id than thirty-two bytes, to cross a block")) {
      long spark = spark().range(1).select(org.apache.spark.sql.functions.xxhash64(org.apache.spark.sql.functions.lit(id))).first().getLong(0);
      org.assertj.core.api.Assertions.assertThat(SparkHash.xxhash64(org.apache.spark.unsafe.types.UTF8String.fromString(id)))
          .as(id).isEqualTo(spark);
    }
  }

  @Test
  void beanEncoderCarriesTheGivenDecimalTypesExactly() {
    DecimalType total = DataTypes.createDecimalType(12, 2);
    DecimalType discount = DataTypes.createDecimalType(3, 2);
    Encoder<Order> encoder = DecimalBeanEncoder.of(Order.class, Map.of("total", total, "discount", discount));
    assertThat(encoder.schema().apply("total").dataType()).isEqualTo(total);
    assertThat(encoder.schema().apply("discount").dataType()).isEqualTo(discount);
    List<Order> orders = List.of(Order.of("A", "9999999999.99", "0.05"), Order.of("B", "0.01", null));
    Dataset<Order> ds = spark().createDataset(orders, encoder);
    List<Order> back = ds.collectAsList();
    assertThat(back).containsExactlyElementsOf(orders);
    assertThat(back.get(0).getTotal().toPlainString()).isEqualTo("9999999999.99");
  }

  @Test
  void parquetReaderReadsExactlyTheRowGroupsOfARange() throws Exception {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(10, 2));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) rows.add(RowFactory.create("R-" + i, new BigDecimal(i).movePointLeft(2)));
    Path file = TestData.parquet(spark(), tmp.resolve("groups.parquet"), schema, rows, 64 * 1024);
    Configuration conf = spark().sparkContext().hadoopConfiguration();
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), conf))) {
      footer = reader.getFooter();
    }
    List<BlockMetaData> groups = footer.getBlocks();
    assertThat(groups.size()).as("row groups").isGreaterThan(2);

    StructType sparkSchema = SparkParquetReader.schemas(spark()).apply(footer.getFileMetaData().getSchema());
    assertThat(sparkSchema).isEqualTo(schema);
    SparkParquetReader reader = SparkParquetReader.of(spark(), sparkSchema, sparkSchema, conf);
    BlockMetaData second = groups.get(1);
    long before = groups.get(0).getRowCount();
    Iterator<InternalRow> it = reader.read(file.toString(), second.getStartingPos(), second.getCompressedSize(), file.toFile().length());
    List<String> ids = new ArrayList<>();
    while (it.hasNext()) ids.add(it.next().getUTF8String(0).toString());
    assertThat(ids).hasSize((int) second.getRowCount());
    assertThat(ids.get(0)).isEqualTo("R-" + before);
    assertThat(ids.get(ids.size() - 1)).isEqualTo("R-" + (before + second.getRowCount() - 1));
  }

  @Test
  void copiedValuesOutliveTheReadersNextRows() {
    StructType schema = new StructType().add("id", DataTypes.StringType)
        .add("parts", DataTypes.createArrayType(DataTypes.StringType))
        .add("dims", new StructType().add("w", DataTypes.IntegerType).add("name", DataTypes.StringType));
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      rows.add(RowFactory.create("R-" + i, scala.jdk.javaapi.CollectionConverters.asScala(List.of("p" + i)).toSeq(), RowFactory.create(i, "d" + i)));
    }
    Path file = TestData.parquet(spark(), tmp.resolve("nested.parquet"), schema, rows, 1 << 20);
    SparkParquetReader reader = SparkParquetReader.of(spark(), schema, schema, spark().sparkContext().hadoopConfiguration());
    Iterator<InternalRow> it = reader.read(file.toString(), 0, file.toFile().length(), file.toFile().length());
    List<Object[]> copies = new ArrayList<>();
    while (it.hasNext()) {
      InternalRow r = it.next();
      copies.add(new Object[] {SparkParquetReader.copyOf(r, 0, schema.apply("id").dataType()),
          SparkParquetReader.copyOf(r, 1, schema.apply("parts").dataType()), SparkParquetReader.copyOf(r, 2, schema.apply("dims").dataType())});
    }
    assertThat(copies).hasSize(rows.size());
    for (int i = 0; i < copies.size(); i += 499) {
      Object[] c = copies.get(i);
      assertThat(c[0].toString()).isEqualTo("R-" + i);
      assertThat(((org.apache.spark.sql.catalyst.util.ArrayData) c[1]).getUTF8String(0).toString()).isEqualTo("p" + i);
      InternalRow dims = (InternalRow) c[2];
      assertThat(dims.getInt(0)).isEqualTo(i);
      assertThat(dims.getUTF8String(1).toString()).isEqualTo("d" + i);
    }
  }

  /** YARN's ApplicationMaster reads the exit code of a failed run from this exception (see UserAppExit). */
  @Test
  void aFailedRunsExitCodeTravelsInSparksUserAppException() {
    Exception e = UserAppExit.of(3);
    assertThat(e).isInstanceOf(org.apache.spark.SparkUserAppException.class);
    assertThat(((org.apache.spark.SparkUserAppException) e).exitCode()).isEqualTo(3);
    assertThat(e.getMessage()).contains("exited with 3");
  }

  @Test
  void deltaSnapshotHoldsTheTablesVersionColumnsAndIdempotentWrites() {
    String table = tmp.resolve("table").toString();
    assertThat(DeltaSnapshot.of(spark(), table)).as("no table yet").isEmpty();
    Dataset<Row> rows = spark().range(3).selectExpr("id", "cast(id as decimal(12,2)) total", "'d' || id day");
    rows.write().format("delta").partitionBy("day").option("txnAppId", "app-a").option("txnVersion", 3).save(table);
    rows.write().format("delta").mode("append").option("txnAppId", "app-b").option("txnVersion", 1).save(table);
    rows.write().format("delta").mode("append").save(table);
    DeltaSnapshot s = DeltaSnapshot.of(spark(), table).orElseThrow();
    assertThat(s.version()).isEqualTo(2);
    assertThat(s.transactions()).isEqualTo(Map.of("app-a", 3L, "app-b", 1L));
    assertThat(s.partitionColumns()).containsExactly("day");
    assertThat(s.schema()).isEqualTo(spark().read().format("delta").load(table).schema());
    assertThat(s.schema().apply("total").dataType()).isEqualTo(DataTypes.createDecimalType(12, 2));
  }
}
