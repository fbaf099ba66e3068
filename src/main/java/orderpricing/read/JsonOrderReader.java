package orderpricing.read;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.function.Consumer;
import orderpricing.pricing.OrderValidator;

/**
 * Reads orders from JSON: JSON Lines (one object per line) or one JSON array of objects, told apart by the first
 * non-blank character. Numbers are read exactly as written, and a JSON string is never taken for a number.
 * Positions are line numbers for JSON Lines (blank lines count but are not records) and element numbers for arrays.
 */
public final class JsonOrderReader {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  /** Array elements are read one at a time from a parser that is not at the end of its input. */
  private static final ObjectReader ELEMENT_READER = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final String file;

  public JsonOrderReader(String file) {
    this.file = file;
  }

  public void read(Reader input, Consumer<RawRecord> out) throws IOException {
    records(input).drainTo(out);
  }

  /** The file's records in order, read as they are asked for. */
  public RecordIterator records(Reader input) throws IOException {
    PushbackReader in = new PushbackReader(input, 2);
    int first = firstNonBlank(in);
    return first == '[' ? new ArrayRecords(in) : new LineRecords(new BufferedReader(in, 1 << 16));
  }

  private static final class LineRecords extends RecordIterator {
    private final BufferedReader in;
    private long lineNumber;

    LineRecords(BufferedReader in) {
      this.in = in;
    }

    @Override
    protected RawRecord computeNext() throws IOException {
      String line;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
        if (line.isBlank()) continue;
        try {
          return toRecord(lineNumber, MAPPER.readTree(line), line);
        } catch (JsonProcessingException e) {
          return new RawRecord(lineNumber, null, null, null, "record does not parse as JSON: " + shortMessage(e), line);
        }
      }
      return null;
    }
  }

  private final class ArrayRecords extends RecordIterator {
    private final JsonParser parser;
    private long element;

    ArrayRecords(Reader in) throws IOException {
      this.parser = MAPPER.createParser(in);
      parser.nextToken(); // the opening bracket
    }

    @Override
    protected RawRecord computeNext() throws IOException {
      try {
        JsonToken token = parser.nextToken();
        if (token == null) throw new InputFileException(file, "JSON array is not closed");
        if (token == JsonToken.END_ARRAY) {
          if (parser.nextToken() != null) {
            throw new InputFileException(file, "unexpected content after the JSON array at " + where(parser));
          }
          parser.close();
          return null;
        }
        element++;
        return toRecord(element, ELEMENT_READER.readTree(parser), null);
      } catch (JsonProcessingException e) {
        // A broken array cannot be resumed: the rest of the file has no reliable record boundaries.
        throw new InputFileException(file, "JSON array does not parse: " + shortMessage(e));
      }
    }
  }

  private static RawRecord toRecord(long position, JsonNode node, String rawLine) {
    if (!node.isObject()) {
      return new RawRecord(position, null, null, null, "record is not a JSON object", rawLine != null ? rawLine : node.toString());
    }
    JsonNode idNode = present(node.get("id"));
    String id = null;
    String idType = null;
    if (idNode != null) {
      if (idNode.isTextual()) id = idNode.textValue();
      else if (idNode.isIntegralNumber()) id = idNode.asText();
      else idType = "id is not a string (" + kind(idNode) + ")";
    }
    // Any JSON value names a customer by its text: only an order that relies on its customer's rate cares.
    JsonNode customerNode = present(node.get("customer_id"));
    String customerId = customerNode == null ? null : customerNode.isTextual() ? customerNode.textValue() : customerNode.toString();
    if (customerId != null && customerId.isBlank()) customerId = null;
    JsonNode totalNode = present(node.get("total"));
    JsonNode discountNode = present(node.get("discount"));
    BigDecimal total = number(totalNode);
    BigDecimal discount = number(discountNode);
    String problem = OrderValidator.first(
        idType != null ? idType : OrderValidator.idProblem(id),
        notNumber("total", totalNode),
        OrderValidator.totalProblem(total),
        notNumber("discount", discountNode),
        OrderValidator.discountProblem(discount));
    if (problem == null) return new RawRecord(position, id, total, discount, null, null, customerId);
    return new RawRecord(position, id, null, null, problem, rawLine != null ? rawLine : node.toString());
  }

  private static JsonNode present(JsonNode node) {
    return node == null || node.isNull() ? null : node;
  }

  private static BigDecimal number(JsonNode node) {
    return node != null && node.isNumber() ? FieldValues.normalize(node.decimalValue()) : null;
  }

  private static String notNumber(String field, JsonNode node) {
    return node != null && !node.isNumber() ? field + " is not a number (" + kind(node) + ")" : null;
  }

  private static String kind(JsonNode node) {
    if (node.isTextual()) return "a string";
    if (node.isBoolean()) return "a boolean";
    if (node.isObject()) return "an object";
    if (node.isArray()) return "an array";
    if (node.isNumber()) return "a number";
    return node.getNodeType().name().toLowerCase();
  }

  private static int firstNonBlank(PushbackReader in) throws IOException {
    int c;
    do {
      c = in.read();
    } while (c != -1 && (Character.isWhitespace(c) || c == '\uFEFF'));
    if (c != -1) in.unread(c);
    return c;
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String shortMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    m = nl >= 0 ? m.substring(0, nl) : m;
    if (e.getLocation() != null) m += " (column " + e.getLocation().getColumnNr() + (e.getLocation().getLineNr() > 1 ? ", line " + e.getLocation().getLineNr() : "") + ")";
    return m;
  }
}
