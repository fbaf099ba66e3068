package orderpricing.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import orderpricing.bench.BenchInputs.Format;
import orderpricing.pricing.Order;
import orderpricing.pricing.PricedOrder;
import orderpricing.pricing.Pricing;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The lesson's sequential {@code map}, in the JVM and without Spark: one thread reads the orders (Parquet with
 * parquet-hadoop's example Group API, or JSON Lines with Jackson's streaming parser), applies the same
 * {@link Pricing#price} as the job to each, and writes one Parquet file with DECIMAL columns (parquet-hadoop's
 * {@link ExampleParquetWriter}, Snappy like Spark). No validation, no rejects, no ordering machinery: the floor of
 * what pricing these orders costs on one core, start-up included.
 *
 * <pre>SequentialBaseline [--format parquet|jsonl] [--tax-rate 0.1] [--scale 2] INPUT OUTPUT_DIR</pre>
 */
public final class SequentialBaseline {
  private SequentialBaseline() {}

  /** Decimal columns as wide as a long holds: Parquet stores them as INT64, as Spark does up to precision 18. */
  private static final int PRECISION = 18;

  public static void main(String[] argv) throws IOException {
    BenchInputs.Args args = new BenchInputs.Args(argv);
    if (args.positional.size() != 2) {
      BenchInputs.usage("SequentialBaseline [--format parquet|jsonl] [--tax-rate R] [--scale N] INPUT OUTPUT_DIR");
    }
    long start = System.nanoTime();
    Format format = Format.of(args.get("format", "parquet"));
    if (format == Format.CSV) throw new IllegalArgumentException("the sequential baseline reads Parquet and JSON Lines, not CSV");
    Pricing pricing = new Pricing(new BigDecimal(args.get("tax-rate", "0.1")), Integer.parseInt(args.get("scale", "2")),
        RoundingMode.HALF_UP);
    List<Path> inputs = BenchInputs.dataFiles(Path.of(args.positional.get(0)), format);
    Path output = BenchInputs.newOutputDir(args.positional.get(1)).resolve("part-00000.parquet");

    // Input decimals keep their scale; JSON has no schema, so its columns are taken at the currency scale.
    int totalScale = pricing.scale(), totalPrecision = PRECISION;
    int discountScale = 2, discountPrecision = PRECISION;
    if (format == Format.PARQUET) {
      MessageType schema = readSchema(inputs.get(0));
      DecimalLogicalTypeAnnotation total = decimalType(schema, "total"), discount = decimalType(schema, "discount");
      if (total != null && total.getScale() >= totalScale) {
        totalScale = total.getScale();
        totalPrecision = Math.min(PRECISION, total.getPrecision());
      }
      if (discount != null) {
        discountScale = discount.getScale();
        discountPrecision = Math.min(PRECISION, discount.getPrecision());
      }
    }
    MessageType outSchema = Types.buildMessage()
        .optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("id")
        .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(totalScale, totalPrecision)).named("total")
        .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(discountScale, discountPrecision)).named("discount")
        .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(pricing.scale(), PRECISION)).named("discount_amount")
        .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(pricing.scale(), PRECISION)).named("tax")
        .optional(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.decimalType(pricing.scale(), PRECISION)).named("price")
        .named("priced_order");

    SimpleGroupFactory groups = new SimpleGroupFactory(outSchema);
    long[] count = {0};
    BigDecimal[] priceTotal = {BigDecimal.ZERO};
    final int tScale = totalScale, dScale = discountScale, mScale = pricing.scale();
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(output))
        .withType(outSchema)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build()) {
      Consumer<Order> priceOne = order -> {
        PricedOrder p = pricing.price(order);
        Group g = groups.newGroup();
        g.add(0, p.getId());
        g.add(1, unscaled(p.getTotal(), tScale, "total", p.getId()));
        g.add(2, unscaled(p.getDiscount(), dScale, "discount", p.getId()));
        g.add(3, unscaled(p.getDiscountAmount(), mScale, "discount_amount", p.getId()));
        g.add(4, unscaled(p.getTax(), mScale, "tax", p.getId()));
        g.add(5, unscaled(p.getPrice(), mScale, "price", p.getId()));
        try {
          writer.write(g);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        count[0]++;
        priceTotal[0] = priceTotal[0].add(p.getPrice());
      };
      for (Path input : inputs) {
        if (format == Format.PARQUET) readParquet(input, priceOne);
        else readJsonLines(input, priceOne);
      }
    }
    Files.createFile(output.getParent().resolve("_SUCCESS"));
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("sequential: priced " + count[0] + " orders from " + inputs.size() + " file(s), price total "
        + priceTotal[0].toPlainString() + ", " + ms + " ms in main");
  }

  private static long unscaled(BigDecimal value, int scale, String column, String id) {
    try {
      return value.setScale(scale, RoundingMode.UNNECESSARY).unscaledValue().longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalStateException(column + " " + value + " of order " + id + " does not fit the output's decimal scale " + scale, e);
    }
  }

  // ---- Parquet, with the example Group API -------------------------------------------------------------------

  private static final class GroupReaderBuilder extends ParquetReader.Builder<Group> {
    GroupReaderBuilder(InputFile file) { super(file); }

    @Override
    protected ReadSupport<Group> getReadSupport() { return new GroupReadSupport(); }
  }

  private static MessageType readSchema(Path file) throws IOException {
    try (org.apache.parquet.hadoop.ParquetFileReader reader = org.apache.parquet.hadoop.ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter().getFileMetaData().getSchema();
    }
  }

  private static DecimalLogicalTypeAnnotation decimalType(MessageType schema, String column) {
    if (!schema.containsField(column)) return null;
    return schema.getType(column).getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation d ? d : null;
  }

  /** Reads one column's value of a Group as a decimal, by the column's physical and logical type. */
  private interface DecimalColumn {
    BigDecimal read(Group g);
  }

  private static DecimalColumn decimalColumn(MessageType schema, String name) {
    if (!schema.containsField(name)) return g -> null;
    int index = schema.getFieldIndex(name);
    Type type = schema.getType(index);
    if (!type.isPrimitive()) throw new IllegalArgumentException(name + " is not a number column: " + type);
    PrimitiveType primitive = type.asPrimitiveType();
    int scale = primitive.getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
    return switch (primitive.getPrimitiveTypeName()) {
      case INT32 -> g -> g.getFieldRepetitionCount(index) == 0 ? null : BigDecimal.valueOf(g.getInteger(index, 0), scale);
      case INT64 -> g -> g.getFieldRepetitionCount(index) == 0 ? null : BigDecimal.valueOf(g.getLong(index, 0), scale);
      case BINARY, FIXED_LEN_BYTE_ARRAY -> g -> g.getFieldRepetitionCount(index) == 0 ? null
          : new BigDecimal(new BigInteger(g.getBinary(index, 0).getBytes()), scale);
      case DOUBLE -> g -> g.getFieldRepetitionCount(index) == 0 ? null : new BigDecimal(Double.toString(g.getDouble(index, 0)));
      case FLOAT -> g -> g.getFieldRepetitionCount(index) == 0 ? null : new BigDecimal(Float.toString(g.getFloat(index, 0)));
      default -> throw new IllegalArgumentException(name + " is not a number column: " + type);
    };
  }

  private static void readParquet(Path file, Consumer<Order> out) throws IOException {
    try (ParquetReader<Group> reader = new GroupReaderBuilder(new LocalInputFile(file)).build()) {
      Group g = reader.read();
      if (g == null) return;
      MessageType schema = (MessageType) g.getType();
      int id = schema.getFieldIndex("id");
      DecimalColumn total = decimalColumn(schema, "total");
      DecimalColumn discount = decimalColumn(schema, "discount");
      for (; g != null; g = reader.read()) {
        out.accept(new Order(g.getFieldRepetitionCount(id) == 0 ? null : g.getString(id, 0), total.read(g), discount.read(g)));
      }
    }
  }

  // ---- JSON Lines, with Jackson's streaming parser: numbers read exactly as written -------------------------

  private static final JsonFactory JSON = new JsonFactory();

  private static void readJsonLines(Path file, Consumer<Order> out) throws IOException {
    try (InputStream in = Files.newInputStream(file); JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.START_OBJECT) throw new IOException(file + ": not a JSON object at " + parser.currentLocation());
        String id = null;
        BigDecimal total = null, discount = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String field = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (field) {
            case "id" -> id = value == JsonToken.VALUE_NULL ? null : parser.getText();
            case "total" -> total = value.isNumeric() ? parser.getDecimalValue() : null;
            case "discount" -> discount = value.isNumeric() ? parser.getDecimalValue() : null;
            default -> parser.skipChildren();
          }
        }
        out.accept(new Order(id, total, discount));
      }
    }
  }
}
