package orderpricing.spark;

import orderpricing.read.DataFormat;

import static orderpricing.spark.TestData.readInOrder;
import static orderpricing.spark.TestData.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import orderpricing.rates.RatesSource;
import orderpricing.errors.InputFileException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code --keep-columns}: input columns copied unchanged into the output after the six priced ones. */
@ExtendWith(SharedSpark.class)
class KeepColumnsTest {
  private static final List<String> PRICED = OutputColumns.NAMES;

  @TempDir Path tmp;

  private static SparkSession spark() {
    return SharedSpark.spark();
  }

  private JobResult run(JobSpec spec) {
    return OrderPricing.get(spark()).job(spec).run();
  }

  private JobSpec spec(Path in, List<String> keep) {
    return JobSpec.builder(List.of(in.toString()), tmp.resolve("out").toString()).keepColumns(keep).build();
  }

  private static List<String> names(List<String> kept) {
    List<String> all = new ArrayList<>(PRICED);
    all.addAll(kept);
    return all;
  }

  /** Each output row's id and kept values, as text, in output order. */
  private static List<List<String>> kept(List<Row> rows, List<String> columns) {
    List<List<String>> out = new ArrayList<>();
    for (Row r : rows) {
      List<String> values = new ArrayList<>();
      values.add(r.getString(r.fieldIndex("id")));
      for (String c : columns) values.add(r.isNullAt(r.fieldIndex(c)) ? null : String.valueOf(r.get(r.fieldIndex(c))));
      out.add(values);
    }
    return out;
  }

  @Test
  void jsonLinesValuesAreKeptAsTheirTextAfterThePricedColumnsInTheOrderAsked() {
    Path in = write(tmp.resolve("orders.jsonl"), """
        {"id": "A", "total": 100, "discount": 0.1, "region": "EU", "qty": 1e2, "tags": ["x", "y"], "meta": {"n": 1.50, "ok": true}}
        {"id": "B", "total": 200, "region": null, "qty": 3, "tags": [], "meta": "plain", "flag": false}
        {"id": "C", "total": "ten", "region": "US"}
        {"id": "D", "total": 50, "qty": -0.0}
        """);
    List<String> keep = List.of("meta", "region", "qty", "tags", "flag");
    JobResult r = run(spec(in, keep));

    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    StructType schema = rows.get(0).schema();
    assertThat(schema.fieldNames()).containsExactlyElementsOf(names(keep));
    for (String k : keep) assertThat(schema.apply(k).dataType()).isEqualTo(DataTypes.StringType);
    assertThat(kept(rows, keep)).containsExactly(
        Arrays.asList("A", "{\"n\":1.50,\"ok\":true}", "EU", "1e2", "[\"x\",\"y\"]", null),
        Arrays.asList("B", "plain", null, "3", "[]", "false"),
        Arrays.asList("D", null, null, "-0.0", null, null));
    assertThat(r.columns()).containsExactlyElementsOf(names(keep));
    assertThat(r.rejected()).isEqualTo(1);
  }

  @Test
  void aJsonArrayKeepsItsValuesToo() {
    Path in = write(tmp.resolve("orders.json"), """
        [{"id": "A", "total": 10, "note": "first"},
         {"id": "B", "total": 20, "note": {"deep": [1, 2.0]}}]
        """);
    run(spec(in, List.of("note")).toBuilder().outputFormat(DataFormat.JSON).build());
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "json");
    assertThat(kept(rows, List.of("note"))).containsExactly(List.of("A", "first"), List.of("B", "{\"deep\":[1,2.0]}"));
  }

  @Test
  void csvValuesAreKeptAsTheirText() {
    Path in = write(tmp.resolve("orders.csv"), """
        region,id,total,note,discount
        EU,A,100,"one, two",0.1
        ,B,200,"say ""hi""\",
        US,C,x,bad,
        007,D,50,,
        """);
    run(spec(in, List.of("note", "region")).toBuilder().outputFormat(DataFormat.CSV).build());
    List<Row> rows = spark().read().option("header", "true").option("escape", "\"").option("nullValue", "\u0000").csv(TestData.parts(tmp.resolve("out")).get(0).toString()).collectAsList();
    assertThat(rows.get(0).schema().fieldNames()).containsExactlyElementsOf(names(List.of("note", "region")));
    assertThat(kept(rows, List.of("note", "region"))).containsExactly(
        List.of("A", "one, two", "EU"), List.of("B", "say \"hi\"", ""), List.of("D", "", "007"));
  }

  private static final StructType TYPED = new StructType()
      .add("id", DataTypes.StringType)
      .add("total", DataTypes.createDecimalType(10, 2))
      .add("seq", DataTypes.LongType)
      .add("label", DataTypes.StringType)
      .add("weight", DataTypes.createDecimalType(9, 3))
      .add("parts", DataTypes.createArrayType(DataTypes.StringType))
      .add("dims", new StructType().add("w", DataTypes.IntegerType).add("name", DataTypes.StringType))
      .add("attrs", DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType));

  private static List<Row> typedRows(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      rows.add(RowFactory.create("O-" + i, i % 97 == 0 ? null : new BigDecimal(i + ".25"), (long) i,
          i % 5 == 0 ? null : "label-" + i, new BigDecimal(i % 1000 + ".125"),
          scala.jdk.javaapi.CollectionConverters.asScala(List.of("p" + i, "q" + i)).toSeq(),
          RowFactory.create(i, "dim-" + i), scala.jdk.javaapi.CollectionConverters.asScala(Map.of("k" + i, i))));
    }
    return rows;
  }

  @Test
  void parquetKeepsItsTypesAndNestedValuesInOrderAcrossSlicesAndPartitions() {
    int n = 3000;
    Path in = TestData.parquet(spark(), tmp.resolve("orders.parquet"), TYPED, typedRows(n), 16 * 1024);
    List<String> keep = List.of("dims", "seq", "parts", "label", "attrs", "weight");
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "24k");
    JobResult r;
    try {
      r = run(spec(in, keep));
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    assertThat(TestData.parts(tmp.resolve("out")).size()).as("part files").isGreaterThan(2);
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    StructType schema = rows.get(0).schema();
    assertThat(schema.fieldNames()).containsExactlyElementsOf(names(keep));
    for (String k : keep) assertThat(schema.apply(k).dataType()).as(k).isEqualTo(TYPED.apply(k).dataType());
    assertThat(r.rejected()).isEqualTo(n / 97);
    List<Row> expected = typedRows(n).stream().filter(row -> !row.isNullAt(1)).toList();
    assertThat(rows).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      Row got = rows.get(i), want = expected.get(i);
      assertThat(got.getString(0)).isEqualTo(want.getString(0));
      assertThat(got.getStruct(schema.fieldIndex("dims"))).isEqualTo(want.getStruct(TYPED.fieldIndex("dims")));
      assertThat(got.getLong(schema.fieldIndex("seq"))).isEqualTo(want.getLong(TYPED.fieldIndex("seq")));
      assertThat(got.getList(schema.fieldIndex("parts"))).isEqualTo(want.getList(TYPED.fieldIndex("parts")));
      assertThat((Object) got.get(schema.fieldIndex("label"))).isEqualTo(want.get(TYPED.fieldIndex("label")));
      assertThat(got.getJavaMap(schema.fieldIndex("attrs"))).isEqualTo(want.getJavaMap(TYPED.fieldIndex("attrs")));
      assertThat(got.getDecimal(schema.fieldIndex("weight"))).isEqualTo(want.getDecimal(TYPED.fieldIndex("weight")));
    }
  }

  @Test
  void aBigJsonLinesFileCutIntoSlicesKeepsEachRowsValuesWithIt() {
    StringBuilder text = new StringBuilder();
    int n = 4000;
    for (int i = 1; i <= n; i++) {
      if (i % 250 == 0) text.append("not json\n");
      else text.append("{\"id\":\"O-").append(i).append("\",\"total\":").append(i).append(",\"seq\":").append(i).append("}\n");
    }
    Path in = write(tmp.resolve("big.jsonl"), text.toString());
    String before = spark().conf().get("spark.sql.files.maxPartitionBytes");
    spark().conf().set("spark.sql.files.maxPartitionBytes", "8k");
    try {
      run(spec(in, List.of("seq")));
    } finally {
      spark().conf().set("spark.sql.files.maxPartitionBytes", before);
    }
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    assertThat(rows).hasSize(n - n / 250);
    for (Row row : rows) assertThat(row.getString(0)).isEqualTo("O-" + row.getString(6));
    assertThat(rows).extracting(row -> Integer.parseInt(row.getString(6))).isSorted();
  }

  @Test
  void keptColumnsPassThroughCustomersRates() {
    Path in = write(tmp.resolve("orders.jsonl"), """
        {"id": "A", "total": 100, "customer_id": "C-1", "region": "EU"}
        {"id": "B", "total": 100, "customer_id": "C-2", "discount": 0.5, "region": "US"}
        {"id": "C", "total": 100, "customer_id": "C-9", "region": "APAC"}
        """);
    Path rates = write(tmp.resolve("rates.csv"), "customer_id,rate\nC-1,0.25\nC-2,0.1\n");
    JobResult r = run(spec(in, List.of("region", "customer_id")).toBuilder().rates(RatesSource.file(rates.toString())).build());
    List<Row> rows = readInOrder(spark(), tmp.resolve("out"), "parquet");
    assertThat(kept(rows, List.of("discount", "region", "customer_id")))
        .containsExactly(List.of("A", "0.25", "EU", "C-1"), List.of("B", "0.50", "US", "C-2"));
    assertThat(r.rejected()).isEqualTo(1);
  }

  @Test
  void aJsonFileWhereNoRecordHasTheColumnIsAFileErrorNamingFileAndColumn() {
    Path a = write(tmp.resolve("a.jsonl"), "{\"id\": \"A\", \"total\": 1, \"region\": null}\n");
    Path b = write(tmp.resolve("b.jsonl"), "{\"id\": \"B\", \"total\": 1, \"regoin\": \"EU\"}\n{\"id\": \"C\", \"total\": 2}\n");
    JobSpec spec = JobSpec.builder(List.of(a.toString(), b.toString()), tmp.resolve("out").toString()).keepColumns(List.of("region")).build();
    assertThat(fileError(spec)).isEqualTo(b + ": no record has a region column to keep");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aCsvHeaderWithoutTheColumnIsAFileErrorNamingFileAndColumn() {
    Path in = write(tmp.resolve("orders.csv"), "id,total,region\nA,1,EU\n");
    assertThat(fileError(spec(in, List.of("region", "note"))))
        .isEqualTo(in + ": CSV header has no note column to keep (header: id,total,region)");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aParquetFileWithoutTheColumnIsAFileErrorNamingFileAndColumn() {
    Path in = TestData.parquet(spark(), tmp.resolve("orders.parquet"), TYPED, typedRows(3), 1 << 20);
    assertThat(fileError(spec(in, List.of("seq", "colour")))).isEqualTo(in + ": has no column colour to keep");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aColumnOfAnotherTypeInALaterFileIsAFileErrorNamingBoth() {
    Path a = TestData.parquet(spark(), tmp.resolve("a.parquet"), TYPED, typedRows(3), 1 << 20);
    Path b = write(tmp.resolve("b.jsonl"), "{\"id\": \"B\", \"total\": 1, \"seq\": 4}\n");
    JobSpec spec = JobSpec.builder(List.of(a.toString(), b.toString()), tmp.resolve("out").toString()).keepColumns(List.of("seq")).build();
    assertThat(fileError(spec)).isEqualTo(b + ": column seq to keep has type string, but bigint in " + a);
  }

  @Test
  void aNestedParquetColumnCannotGoToCsvOutput() {
    Path in = TestData.parquet(spark(), tmp.resolve("orders.parquet"), TYPED, typedRows(3), 1 << 20);
    assertThat(fileError(spec(in, List.of("seq", "parts")).toBuilder().outputFormat(DataFormat.CSV).build()))
        .isEqualTo(in + ": column parts to keep has type array<string>, which CSV output cannot hold; write Parquet or JSON");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void keptNamesMayNotRepeatOrShadowThePricedColumns() {
    assertThatThrownBy(() -> spec(tmp.resolve("x.json"), List.of("Tax"))).hasMessage("Tax is a priced column of the output already");
    assertThatThrownBy(() -> spec(tmp.resolve("x.json"), List.of("a", "A"))).hasMessage("A is named twice");
    assertThatThrownBy(() -> spec(tmp.resolve("x.json"), List.of(" "))).hasMessage("an empty column name");
  }

  /** The message of the file error a run fails with, however Spark wrapped it. */
  private String fileError(JobSpec spec) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> run(spec));
    assertThat(thrown).as("the run fails").isNotNull();
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof InputFileException) return t.getMessage();
    }
    throw new AssertionError("no file error in " + thrown, thrown);
  }
}
