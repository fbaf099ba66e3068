package orderpricing.read;

import orderpricing.errors.InputFileException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
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
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .streamReadConstraints(JsonTree.CONSTRAINTS)
      .build();
  /** For {@link #flatRecord}, which finds duplicate keys itself: Jackson's check keeps a hash set per object. */
  private static final JsonFactory FLAT = JsonFactory.builder()
      .streamReadConstraints(JsonTree.CONSTRAINTS)
      .build();

  private final String file;
  private final java.util.List<String> keep;

  public JsonOrderReader(String file) {
    this(file, java.util.List.of());
  }

  /** A reader that also takes the values of the {@code keep} columns from each object, as their JSON text. */
  public JsonOrderReader(String file, java.util.List<String> keep) {
    this.file = file;
    this.keep = java.util.List.copyOf(keep);
  }

  public void read(Reader input, Consumer<RawRecord> out) throws IOException {
    records(input).drainTo(out);
  }

  /**
   * The file's records in order, read as they are asked for. The first non-blank character tells an array from JSON
   * Lines; the blank lines and whitespace read on the way still count for line numbers.
   */
  public RecordIterator records(Reader input) throws IOException {
    Lead lead = Lead.read(input);
    Reader rest = lead.unread(input);
    return lead.first == '[' ? new ArrayRecords(rest) : new LineRecords(new LineReader(rest), lead.lineBreaks);
  }

  /** JSON Lines from a slice of a file that starts at a line boundary: its first line is line {@code firstLine}. */
  public RecordIterator lines(Reader input, long firstLine) {
    return new LineRecords(new LineReader(input), firstLine - 1);
  }

  /**
   * What precedes the first non-blank character: the line breaks are counted (blank lines still count as lines),
   * and the rest of the current line is given back to be read again. A byte order mark is dropped.
   */
  private record Lead(int first, long lineBreaks, String currentLine) {
    static Lead read(Reader in) throws IOException {
      long breaks = 0;
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && (Character.isWhitespace(c) || c == '\uFEFF')) {
        if (c == '\n') {
          breaks++;
          line.setLength(0);
        } else if (c != '\uFEFF') {
          line.append((char) c);
        }
      }
      if (c != -1) line.append((char) c);
      return new Lead(c, breaks, line.toString());
    }

    Reader unread(Reader in) throws IOException {
      PushbackReader back = new PushbackReader(in, Math.max(1, currentLine.length()));
      back.unread(currentLine.toCharArray());
      return back;
    }
  }

  private final class LineRecords extends RecordIterator {
    private final LineReader in;
    private long lineNumber;

    LineRecords(LineReader in, long linesBefore) {
      this.in = in;
      this.lineNumber = linesBefore;
    }

    @Override
    protected RawRecord computeNext() throws IOException {
      String line;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) continue;
        if (Utf8Text.malformed(line)) return new RawRecord(lineNumber, null, null, null, Utf8Text.PROBLEM, Utf8Text.printable(line));
        try {
          RawRecord flat = keep.isEmpty() ? flatRecord(lineNumber, line) : null;
          return flat != null ? flat : toRecord(lineNumber, readLine(line), line);
        } catch (JsonProcessingException e) {
          return new RawRecord(lineNumber, null, null, null, "record does not parse as JSON: " + shortMessage(e), line);
        }
      }
      return null;
    }
  }

  private final class ArrayRecords extends RecordIterator {
    private final MalformedOffsets text;
    private final JsonParser parser;
    private long element;

    ArrayRecords(Reader in) throws IOException {
      this.text = new MalformedOffsets(in);
      this.parser = JSON.createParser(text);
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
        long start = parser.currentTokenLocation().getCharOffset();
        JsonNode node = JsonTree.read(parser);
        if (text.anyBefore(start, parser.currentLocation().getCharOffset())) {
          return new RawRecord(element, null, null, null, Utf8Text.PROBLEM, Utf8Text.printable(node.toString()));
        }
        return toRecord(element, node, null);
      } catch (JsonProcessingException e) {
        // A broken array cannot be resumed: the rest of the file has no reliable record boundaries.
        throw new InputFileException(file, "JSON array does not parse: " + shortMessage(e));
      }
    }
  }

  /**
   * Notes where in the text bytes that were not UTF-8 are ({@link Utf8Text#MALFORMED}), so that an array element can
   * be told to hold some by its character offsets: the parser reads ahead, so what it has read says nothing.
   */
  private static final class MalformedOffsets extends java.io.FilterReader {
    private final java.util.ArrayDeque<Long> offsets = new java.util.ArrayDeque<>();
    private long read;
    private char last;

    MalformedOffsets(Reader in) {
      super(in);
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
      int n = in.read(buf, off, len);
      for (int i = 0; i < n; i++) {
        if (Utf8Text.isMark(i == 0 ? last : buf[off + i - 1], buf[off + i])) offsets.add(read + i);
      }
      if (n > 0) {
        read += n;
        last = buf[off + n - 1];
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      char[] one = new char[1];
      return read(one, 0, 1) < 0 ? -1 : one[0];
    }

    /** Whether a mark lies in [start, end); marks before {@code end} are forgotten, the text before it being done with. */
    boolean anyBefore(long start, long end) {
      boolean within = false;
      while (!offsets.isEmpty() && offsets.peekFirst() < end) within |= offsets.pollFirst() >= start;
      return within;
    }
  }

  /**
   * A line that is one JSON object of plain values (no object or array), read straight off the parser's tokens, with
   * no tree: most lines. Anything else (not an object, a nested value, a duplicate key, content that does not parse)
   * gives null, and the line takes the tree path, which words its problem.
   */
  private static RawRecord flatRecord(long position, String line) throws IOException {
    Value id = null, customer = null, total = null, discount = null;
    java.util.List<String> names = new java.util.ArrayList<>(4);
    try (JsonParser p = FLAT.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (names.contains(name)) return null;
        names.add(name);
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) return null; // its keys must be checked too
        boolean order = name.equals("id") || name.equals("total") || name.equals("discount") || name.equals("customer_id");
        if (!order) continue;
        Value value = v == JsonToken.VALUE_NULL ? null : new Value(v, p.getText());
        switch (name) {
          case "id" -> id = value;
          case "total" -> total = value;
          case "discount" -> discount = value;
          default -> customer = value;
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) return null;
    } catch (JsonProcessingException e) {
      return null;
    }
    return orderOf(position, id, customer, total, discount, line);
  }

  /** One line's value; content after it makes the line unparsable. */
  private static JsonNode readLine(String line) throws IOException {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() == null) throw new JsonParseException(p, "No JSON value");
      JsonNode node = JsonTree.read(p);
      if (p.nextToken() != null) throw new JsonParseException(p, "Unexpected content after the record");
      return node;
    }
  }

  private RawRecord toRecord(long position, JsonNode node, String rawLine) {
    RawRecord r = orderOf(position, node, rawLine);
    return keep.isEmpty() || !node.isObject() ? r : r.withKept(kept(node));
  }

  /**
   * The kept columns' values as text: a string as itself, a number as written, objects and arrays as JSON text; a
   * JSON null is null, and a key the object lacks is {@link RawRecord#ABSENT}.
   */
  private Object[] kept(JsonNode node) {
    Object[] values = new Object[keep.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = node.get(keep.get(i));
      JsonTree.WrittenNumber n = v == null ? null : JsonTree.number(v);
      values[i] = v == null ? RawRecord.ABSENT : v.isNull() ? null : v.isTextual() ? v.textValue()
          : n != null ? n.text() : v.isBoolean() ? Boolean.toString(v.booleanValue()) : v.toString();
    }
    return values;
  }

  private static RawRecord orderOf(long position, JsonNode node, String rawLine) {
    if (!node.isObject()) {
      return new RawRecord(position, null, null, null, "record is not a JSON object", rawLine != null ? rawLine : node.toString());
    }
    return orderOf(position, Value.of(node.get("id")), Value.of(node.get("customer_id")), Value.of(node.get("total")),
        Value.of(node.get("discount")), rawLine != null ? rawLine : node.toString());
  }

  /** An order from its fields' values (null where absent or JSON null); {@code raw} is its text for the rejects. */
  private static RawRecord orderOf(long position, Value idValue, Value customerValue, Value totalValue, Value discountValue,
      String raw) {
    String id = null;
    String idType = null;
    if (idValue != null) {
      if (idValue.token() == JsonToken.VALUE_STRING) id = idValue.text();
      else if (idValue.token() == JsonToken.VALUE_NUMBER_INT) id = idValue.text();
      else idType = "id is not a string (" + idValue.kind() + ")";
    }
    // Any JSON value names a customer by its text: only an order that relies on its customer's rate cares.
    String customerId = customerValue == null ? null : customerValue.text();
    if (customerId != null && customerId.isBlank()) customerId = null;
    BigDecimal total = totalValue == null || !totalValue.isNumber() ? null : FieldValues.parseDecimal(totalValue.text());
    BigDecimal discount = discountValue == null || !discountValue.isNumber() ? null : FieldValues.parseDecimal(discountValue.text());
    String problem = OrderValidator.first(
        idType != null ? idType : OrderValidator.idProblem(id),
        notNumber("total", totalValue),
        OrderValidator.totalProblem(total),
        notNumber("discount", discountValue),
        OrderValidator.discountProblem(discount));
    if (problem == null) return new RawRecord(position, id, total, discount, null, null, customerId);
    return new RawRecord(position, id, null, null, problem, raw);
  }

  private static String notNumber(String field, Value value) {
    return value != null && !value.isNumber() ? field + " is not a number (" + value.kind() + ")" : null;
  }

  /**
   * A field's value as its kind of token and its text: a string as itself, a number as written, true or false, an
   * object or array as its JSON text.
   */
  private record Value(JsonToken token, String text) {
    /** The value of a tree's node; null for a missing key or a JSON null. */
    static Value of(JsonNode node) {
      if (node == null || node.isNull()) return null;
      JsonTree.WrittenNumber n = JsonTree.number(node);
      if (n != null) return new Value(n.integral() ? JsonToken.VALUE_NUMBER_INT : JsonToken.VALUE_NUMBER_FLOAT, n.text());
      if (node.isTextual()) return new Value(JsonToken.VALUE_STRING, node.textValue());
      if (node.isBoolean()) return new Value(node.booleanValue() ? JsonToken.VALUE_TRUE : JsonToken.VALUE_FALSE, node.toString());
      return new Value(node.isObject() ? JsonToken.START_OBJECT : node.isArray() ? JsonToken.START_ARRAY : JsonToken.NOT_AVAILABLE,
          node.toString());
    }

    boolean isNumber() {
      return token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT;
    }

    String kind() {
      return switch (token) {
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_STRING -> "a string";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        default -> "a value";
      };
    }
  }

  private static String where(JsonParser parser) {
    return "line " + parser.currentLocation().getLineNr() + ", column " + parser.currentLocation().getColumnNr();
  }

  private static String shortMessage(JsonProcessingException e) {
    String m = e.getOriginalMessage();
    int nl = m.indexOf('\n');
    m = FieldValues.printable(nl >= 0 ? m.substring(0, nl) : m); // Jackson quotes the input, odd characters and all
    if (e.getLocation() != null) m += " (column " + e.getLocation().getColumnNr() + (e.getLocation().getLineNr() > 1 ? ", line " + e.getLocation().getLineNr() : "") + ")";
    return m;
  }
}
