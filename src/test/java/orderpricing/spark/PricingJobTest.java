package orderpricing.spark;

import orderpricing.errors.OutputExistsException;
import orderpricing.read.DataFormat;

import static orderpricing.spark.TestData.readInOrder;
import static orderpricing.spark.TestData.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import orderpricing.pricing.Pricing;
import orderpricing.spark.input.InputFiles;
import orderpricing.spark.input.InputPlan;
import orderpricing.tools.OrderGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedSpark.class)
class PricingJobTest {
  private static final String LESSON_ARRAY = """
      [{"id": "ORD-001", "total": 100, "discount": 0.1},
       {"id": "ORD-002", "total": 200, "discount": 0.2},
       {"id": "ORD-003", "total": 50, "discount": 0.05},
       {"id": "ORD-004", "total": 150, "discount": 0.15}]
      """;
  private static final List<String> GOLDEN = List.of("99.00", "176.00", "52.25", "140.25");

  @TempDir Path tmp;

  private static SparkSession spark() { return SharedSpark.spark(); }

  private JobResult run(JobSpec spec) {
    return OrderPricing.get(spark()).job(spec).run();
  }

  private static List<String> column(List<Row> rows, String name) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) {
      Object v = r.get(r.fieldIndex(name));
      out.add(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
    }
    return out;
  }

  @Test
  void aJsonArrayFileGivesTheGoldenPrices() {
    Path in = write(tmp.resolve("orders.json"), LESSON_ARRAY);
    JobResult r = run(JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString()));
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    assertThat(column(rows, "id")).containsExactly("ORD-001", "ORD-002", "ORD-003", "ORD-004");
    assertThat(column(rows, "price")).containsExactly(GOLDEN.toArray(String[]::new));
    assertThat(r.inputRecords()).isEqualTo(4);
    assertThat(r.priced()).isEqualTo(4);
    assertThat(r.rejected()).isZero();
    assertThat(r.priceTotal().toPlainString()).isEqualTo("467.50");
    assertThat(tmp.resolve("out/_SUCCESS")).exists();
    assertThat(r.preview()).hasSize(4);
    // The preview shows the values as written, at the output columns' scales.
    assertThat(r.preview()).extracting(p -> p.getTotal().toPlainString()).containsExactlyElementsOf(column(rows, "total"));
    assertThat(r.preview()).extracting(p -> p.getDiscount().toPlainString()).containsExactlyElementsOf(column(rows, "discount"));
    assertThat(r.preview()).extracting(p -> p.getPrice().toPlainString()).containsExactlyElementsOf(column(rows, "price"));
  }

  @Test
  void outputHasExactlyTheSixColumnsAsNarrowDecimals() {
    Path in = write(tmp.resolve("orders.json"), LESSON_ARRAY);
    run(JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString()));
    StructType schema = spark().read().parquet(tmp.resolve("out").toString()).schema();
    assertThat(schema.fieldNames()).containsExactly("id", "total", "discount", "discount_amount", "tax", "price");
    assertThat(schema.apply("id").dataType()).isEqualTo(DataTypes.StringType);
    for (String money : List.of("discount_amount", "tax", "price")) {
      DataType t = schema.apply(money).dataType();
      assertThat(t).isInstanceOf(DecimalType.class);
      assertThat(((DecimalType) t).scale()).isEqualTo(2);
      assertThat(((DecimalType) t).precision()).isLessThan(38);
    }
    assertThat(((DecimalType) schema.apply("total").dataType()).precision()).isLessThan(38);
  }

  @Test
  void jsonLinesCsvAndParquetInputsPriceAlike() {
    Path jsonl = write(tmp.resolve("a.jsonl"), """
        {"id": "ORD-001", "total": 100, "discount": 0.1}
        {"id": "ORD-002", "total": 200.0, "discount": 0.2}
        """);
    Path csv = write(tmp.resolve("b.csv"), "discount,total,id\n0.05,50,ORD-003\n");
    StructType schema = new StructType()
        .add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(10, 2)).add("discount", DataTypes.DoubleType);
    Path parquet = TestData.parquet(spark(), tmp.resolve("c.parquet"), schema,
        List.of(RowFactory.create("ORD-004", new BigDecimal("150.00"), 0.15)), 1 << 20);
    run(JobSpec.of(List.of(jsonl.toString(), csv.toString(), parquet.toString()), tmp.resolve("out").toString()));
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    assertThat(column(rows, "id")).containsExactly("ORD-001", "ORD-002", "ORD-003", "ORD-004");
    assertThat(column(rows, "price")).containsExactly(GOLDEN.toArray(String[]::new));
  }

  @Test
  void parquetNumbersOfEveryKindAreTakenExactly() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.FloatType).add("discount", DataTypes.DoubleType);
    Path floats = TestData.parquet(spark(), tmp.resolve("f.parquet"), schema,
        List.of(RowFactory.create("F", 19.99f, 0.1), RowFactory.create("G", 0.1f, null)), 1 << 20);
    StructType ints = new StructType().add("id", DataTypes.LongType).add("total", DataTypes.IntegerType);
    Path integers = TestData.parquet(spark(), tmp.resolve("i.parquet"), ints, List.of(RowFactory.create(7L, 40)), 1 << 20);
    run(JobSpec.of(List.of(floats.toString(), integers.toString()), tmp.resolve("out").toString()));
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    assertThat(column(rows, "id")).containsExactly("F", "G", "7");
    assertThat(column(rows, "total")).containsExactly("19.99", "0.10", "40.00");
    assertThat(column(rows, "discount_amount")).containsExactly("2.00", "0.00", "0.00");
    assertThat(column(rows, "price")).containsExactly("19.79", "0.11", "44.00");
    assertThat(column(rows, "discount")).containsExactly("0.1", "0.0", "0.0");
  }

  @Test
  void aTotalWithMoreDecimalsThanTheScaleIsKeptAsItIs() {
    Path in = write(tmp.resolve("o.jsonl"), "{\"id\":\"A\",\"total\":19.999}\n{\"id\":\"B\",\"total\":5}\n");
    run(JobSpec.builder(List.of(in.toString()), tmp.resolve("out").toString()).outputFormat(DataFormat.JSON).build());
    List<String> lines = TestData.lines(tmp.resolve("out"));
    assertThat(lines).containsExactly(
        "{\"id\":\"A\",\"total\":19.999,\"discount\":0,\"discount_amount\":0.00,\"tax\":2.00,\"price\":22.00}",
        "{\"id\":\"B\",\"total\":5.000,\"discount\":0,\"discount_amount\":0.00,\"tax\":0.50,\"price\":5.50}");
  }

  @Test
  void jsonAndCsvOutputsWriteMoneyWithTheScalesDecimals() throws Exception {
    Path in = write(tmp.resolve("orders.json"), LESSON_ARRAY);
    run(JobSpec.builder(List.of(in.toString()), tmp.resolve("json").toString()).outputFormat(DataFormat.JSON).build());
    run(JobSpec.builder(List.of(in.toString()), tmp.resolve("csv").toString()).outputFormat(DataFormat.CSV).build());
    assertThat(TestData.lines(tmp.resolve("json")).get(0))
        .isEqualTo("{\"id\":\"ORD-001\",\"total\":100.00,\"discount\":0.10,\"discount_amount\":10.00,\"tax\":9.00,\"price\":99.00}");
    String header = "id,total,discount,discount_amount,tax,price";
    for (Path part : TestData.parts(tmp.resolve("csv"))) {
      assertThat(Files.readAllLines(part)).as("a header row in each part file").first().isEqualTo(header);
    }
    assertThat(TestData.lines(tmp.resolve("csv")).stream().filter(l -> !l.equals(header)))
        .containsExactly("ORD-001,100.00,0.10,10.00,9.00,99.00",
            "ORD-002,200.00,0.20,40.00,16.00,176.00", "ORD-003,50.00,0.05,2.50,4.75,52.25", "ORD-004,150.00,0.15,22.50,12.75,140.25");
  }

  @Test
  void taxRateScaleAndRoundingAreApplied() {
    Path in = write(tmp.resolve("orders.json"), LESSON_ARRAY);
    run(JobSpec.builder(List.of(in.toString()), tmp.resolve("out").toString())
        .pricing(new Pricing(BigDecimal.ZERO, 2, RoundingMode.HALF_EVEN)).build());
    assertThat(column(readInOrder(spark(), tmp.resolve("out"), "parquet"), "price")).containsExactly("90.00", "160.00", "47.50", "127.50");
  }

  /**
   * Text is measured in a pass that hashes the ids as it reads; past the driver's limit of hashes, the ids are
   * counted in a pass of their own, to the same count.
   */
  @Test
  void duplicateIdsOfTextAreCountedFromTheMeasuringPassOrPastItsLimitByAPassOfTheirOwn() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 30_000; i++) lines.append("{\"id\":\"ORD-").append(i % 25_000).append("\",\"total\":1}\n");
    lines.append("{\"total\":1}\n"); // no id: rejected, never a duplicate
    String in = write(tmp.resolve("dup.jsonl"), lines.toString()).toString();
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "64k");
    try {
      JobResult hashed = run(JobSpec.builder(List.of(in), tmp.resolve("dup-hashed").toString()).build());
      assertThat(hashed.duplicateIds()).isEqualTo(5_000);
      spark().conf().set(PricingJob.DRIVER_HASHES, "1000");
      JobResult counted = run(JobSpec.builder(List.of(in), tmp.resolve("dup-counted").toString()).build());
      assertThat(counted.duplicateIds()).isEqualTo(5_000);
      assertThat(counted.inputRecords()).isEqualTo(hashed.inputRecords()).isEqualTo(30_001);
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
      spark().conf().unset(PricingJob.DRIVER_HASHES);
    }
  }

  /** Parquet of declared types has no pass before the pricing: its readers' id hashes make the duplicate count. */
  @Test
  void duplicateIdsAcrossPartitionsAreCountedFromThePricingsOwnReading() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(10, 2));
    List<String> inputs = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < 20_000; i++) rows.add(RowFactory.create(f == 1 && i % 4 == 0 ? "ORD-" + (i / 4) : "F" + f + "-" + i, BigDecimal.ONE));
      rows.add(RowFactory.create(null, BigDecimal.ONE)); // not an id: rejected, and never a duplicate
      inputs.add(TestData.parquet(spark(), tmp.resolve("dup/" + f + ".parquet"), schema, rows, 16 * 1024).toString());
    }
    List<Row> first = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) first.add(RowFactory.create("ORD-" + i, BigDecimal.TEN));
    inputs.add(0, TestData.parquet(spark(), tmp.resolve("dup/a.parquet"), schema, first, 16 * 1024).toString());
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "32k");
    try {
      JobResult r = run(JobSpec.builder(inputs, tmp.resolve("dup-out").toString()).build());
      assertThat(r.inputRecords()).isEqualTo(45_002);
      assertThat(r.duplicateIds()).as("file 1's every fourth id repeats one of file a's").isEqualTo(5_000);
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
  }

  /**
   * Three Parquet files of very different sizes, in small row groups, read with a small maxPartitionBytes so Spark
   * splits them into many partitions (and would pack them by size), plus JSON between them: the output, read part by
   * part in name order, is the input order.
   */
  @Test
  void orderIsKeptAcrossFilesOfDifferentSizesSplitIntoManyPartitions() {
    StructType schema = new StructType().add("id", DataTypes.StringType).add("total", DataTypes.createDecimalType(10, 2))
        .add("discount", DataTypes.createDecimalType(3, 2));
    Random random = new Random(7);
    List<String> expected = new ArrayList<>();
    List<String> inputs = new ArrayList<>();
    int[] sizes = {30_000, 1_500, 12_000};
    for (int f = 0; f < sizes.length; f++) {
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < sizes[f]; i++) {
        String id = "F" + f + "-" + Integer.toHexString(random.nextInt()); // not sorted: order is the file's own
        rows.add(RowFactory.create(id, BigDecimal.valueOf(random.nextInt(1_000_000), 2), BigDecimal.valueOf(random.nextInt(31), 2)));
        expected.add(id);
      }
      inputs.add(TestData.parquet(spark(), tmp.resolve("in/" + (char) ('c' - f) + ".parquet"), schema, rows, 16 * 1024).toString());
      if (f == 0) {
        Path json = write(tmp.resolve("mid.jsonl"), "{\"id\":\"J-1\",\"total\":1}\n{\"id\":\"J-2\",\"total\":2}\n");
        inputs.add(json.toString());
        expected.add("J-1");
        expected.add("J-2");
      }
    }
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "32k");
    spark().conf().set("spark.sql.files.openCostInBytes", "1k");
    try {
      InputPlan plan = InputPlan.of(spark(), InputFiles.resolve(inputs, null, spark().sparkContext().hadoopConfiguration()));
      assertThat(plan.partitionCount()).as("the inputs are really split").isGreaterThan(10);
      JobResult r = run(JobSpec.builder(inputs, tmp.resolve("out").toString()).previewRows(5_000).build());
      assertThat(TestData.parts(tmp.resolve("out")).size()).isGreaterThan(10);
      List<Row> written = readInOrder(spark(), tmp.resolve("out"), "parquet");
      assertThat(column(written, "id")).containsExactlyElementsOf(expected);
      assertThat(r.priced()).isEqualTo(expected.size());
      // The preview, kept while writing, spans many partitions: it is the output's first rows, in output order.
      assertThat(r.preview()).hasSize(5_000);
      assertThat(r.preview()).extracting(p -> p.getId()).containsExactlyElementsOf(expected.subList(0, 5_000));
      assertThat(r.preview()).extracting(p -> p.getPrice().toPlainString())
          .containsExactlyElementsOf(column(written, "price").subList(0, 5_000));
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
      spark().conf().unset("spark.sql.files.openCostInBytes");
    }
  }

  @Test
  void aDirectoryMeansItsDataFilesInNameOrder() {
    write(tmp.resolve("dir/b.jsonl"), "{\"id\":\"B\",\"total\":2}\n");
    write(tmp.resolve("dir/B.jsonl"), "{\"id\":\"upper-B\",\"total\":2}\n");
    write(tmp.resolve("dir/a.json"), "[{\"id\":\"A\",\"total\":1}]");
    write(tmp.resolve("dir/_SUCCESS"), "");
    write(tmp.resolve("dir/.hidden.json"), "{\"id\":\"H\",\"total\":1}\n");
    write(tmp.resolve("dir/c.csv"), "id,total\nC,3\n");
    run(JobSpec.of(List.of(tmp.resolve("dir").toString()), tmp.resolve("out").toString()));
    assertThat(column(readInOrder(spark(), tmp.resolve("out"), "parquet"), "id")).containsExactly("upper-B", "A", "B", "C");
  }

  /** 100,000 generated orders: count, order and price total against the same rule computed independently in SQL. */
  @Test
  void aHundredThousandOrdersReconcileWithAnIndependentComputation() {
    Path in = tmp.resolve("gen");
    OrderGenerator.orders(spark(), 100_000, 11).repartitionByRange(3, org.apache.spark.sql.functions.col("id"))
        .sortWithinPartitions("id").write().parquet(in.toString());
    JobResult r = run(JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString()));

    Row expected = spark().read().parquet(in.toString()).selectExpr(
        "round(total * discount, 2) AS d").selectExpr("count(*)").first();
    Dataset<Row> independent = spark().read().parquet(in.toString())
        .selectExpr("id", "total", "round(total * coalesce(discount, 0), 2) AS d")
        .selectExpr("id", "total - d AS after", "round((total - d) * 0.1, 2) AS tax")
        .selectExpr("id", "round(after + tax, 2) AS price");
    BigDecimal expectedTotal = independent.selectExpr("sum(price)").first().getDecimal(0);

    assertThat(r.inputRecords()).isEqualTo(100_000).isEqualTo(expected.getLong(0));
    assertThat(r.priced()).isEqualTo(100_000);
    assertThat(r.priceTotal()).isEqualByComparingTo(expectedTotal);
    List<Row> out = readInOrder(spark(), tmp.resolve("out"), "parquet");
    List<String> ids = column(out, "id");
    assertThat(ids).hasSize(100_000).isSorted(); // the generator writes ids in order
    BigDecimal outputTotal = out.stream().map(x -> x.getDecimal(x.fieldIndex("price"))).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(outputTotal).isEqualByComparingTo(expectedTotal);
    long mismatches = spark().read().parquet(tmp.resolve("out").toString()).alias("o")
        .join(independent.alias("i"), "id").where("o.price <> i.price").count();
    assertThat(mismatches).isZero();
  }

  @Test
  void anEmptyInputSucceedsWithEmptyOutputAndZeros() throws Exception {
    Path in = write(tmp.resolve("empty.jsonl"), "\n");
    JobResult r = run(JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString()));
    assertThat(r.inputRecords()).isZero();
    assertThat(r.priced()).isZero();
    assertThat(r.priceTotal().toPlainString()).isEqualTo("0.00");
    assertThat(tmp.resolve("out/_SUCCESS")).exists();
    assertThat(readInOrder(spark(), tmp.resolve("out"), "parquet")).isEmpty();
  }

  @Test
  void anExistingOutputIsLeftAloneWithoutOverwrite() throws Exception {
    Path in = write(tmp.resolve("orders.json"), LESSON_ARRAY);
    Path out = tmp.resolve("out");
    write(out.resolve("keep.txt"), "precious");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(JobSpec.of(List.of(in.toString()), out.toString())))
        .isInstanceOf(OutputExistsException.class).hasMessageContaining(out.toString());
    assertThat(Files.readString(out.resolve("keep.txt"))).isEqualTo("precious");
    assertThat(Files.list(out).count()).isEqualTo(1);
    run(JobSpec.builder(List.of(in.toString()), out.toString()).overwrite(true).build());
    assertThat(out.resolve("keep.txt")).doesNotExist();
    assertThat(column(readInOrder(spark(), out, "parquet"), "price")).containsExactly(GOLDEN.toArray(String[]::new));
  }

  @Test
  void aBigJsonLinesFileSplitIntoManySlicesKeepsOrderAndExactRejectPositions() throws Exception {
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    List<Long> invalidLines = new ArrayList<>();
    for (int line = 1; line <= 3_000; line++) {
      if (line % 97 == 0) {
        text.append("{\"id\":\"bad-").append(line).append("\",\"total\":\"1\"}\n");
        invalidLines.add((long) line);
      } else if (line % 41 == 0) {
        text.append("\r\n");
      } else {
        text.append("{\"id\":\"J-").append(line).append("\",\"total\":").append(line).append(".25,\"discount\":0.1}\n");
        expected.add("J-" + line);
      }
    }
    Path in = write(tmp.resolve("big.jsonl"), text.toString());
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "4k");
    spark().conf().set("spark.sql.files.openCostInBytes", "1");
    try {
      JobSpec spec = JobSpec.of(List.of(in.toString()), tmp.resolve("out").toString());
      JobResult r = run(spec);
      assertThat(TestData.parts(tmp.resolve("out")).size()).as("split into many slices").isGreaterThan(20);
      assertThat(column(readInOrder(spark(), tmp.resolve("out"), "parquet"), "id")).containsExactlyElementsOf(expected);
      List<Long> positions = new ArrayList<>();
      for (String line : TestData.lines(Path.of(spec.rejects()))) {
        positions.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line).get("position").asLong());
      }
      assertThat(positions).containsExactlyElementsOf(invalidLines);
      assertThat(r.rejected()).isEqualTo(invalidLines.size());
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
      spark().conf().unset("spark.sql.files.openCostInBytes");
    }
  }

  @Test
  void hundredsOfSmallFilesArePackedIntoFewPartitionsInNameOrder() {
    List<String> expected = new ArrayList<>();
    for (int f = 0; f < 300; f++) {
      String name = String.format("f%03d", f);
      if (f % 2 == 0) {
        write(tmp.resolve("in/" + name + ".jsonl"), "{\"id\":\"" + name + "-1\",\"total\":1}\n{\"id\":\"" + name + "-2\",\"total\":2}\n");
      } else {
        write(tmp.resolve("in/" + name + ".csv"), "id,total\n" + name + "-1,1\n" + name + "-2,2\n");
      }
      expected.add(name + "-1");
      expected.add(name + "-2");
    }
    JobResult r = run(JobSpec.of(List.of(tmp.resolve("in").toString()), tmp.resolve("out").toString()));
    assertThat(r.priced()).isEqualTo(600);
    assertThat(TestData.parts(tmp.resolve("out")).size()).as("packed, not one task a file").isLessThan(30);
    assertThat(column(readInOrder(spark(), tmp.resolve("out"), "parquet"), "id")).containsExactlyElementsOf(expected);
  }

  @Test
  void whereStatisticsProveNoRecordInvalidOneThatIsFailsThePricingInsteadOfBeingLeftOut() {
    Path in = write(tmp.resolve("orders.jsonl"), "{\"id\": \"A\", \"total\": 1}\n{\"id\": \"\", \"total\": 2}\n");
    PricingJob job = new PricingJob(spark(), JobSpec.builder(List.of(in.toString()), tmp.resolve("out").toString()).build());
    InputPlan plan = job.planInputs(InputFiles.resolve(List.of(in.toString()), null, spark().sparkContext().hadoopConfiguration()));
    PricingJob.Inputs measured = job.measured(plan, orderpricing.rates.CustomerRates.none());
    Dataset<Row> staged = orderpricing.spark.input.StagedOrdersSource.load(spark(), measured.plan());
    assertThat(job.pricing(measured, staged).rows().count()).as("the invalid one left out, for the rejects").isEqualTo(1);
    // Where statistics that do not match their data claim none invalid:
    PricingJob.Inputs claimed = measured.noneInvalid();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> job.pricing(claimed, PricingJob.failingOnInvalid(staged)).rows().count())
        .hasStackTraceContaining(PricingJob.INVALID_DESPITE_COUNT);
  }
}
