package orderpricing.read;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import java.io.IOException;

/**
 * One JSON value as a tree whose numbers are kept as the text they were written as. Jackson's own trees turn each
 * number into a BigDecimal while reading, which takes seconds for a number of a hundred thousand digits and throws
 * for an exponent beyond an int; here the order fields' numbers are read by {@link FieldValues} in one pass over
 * their text, and a rejected record shows its numbers as they were written.
 */
final class JsonTree {
  /**
   * A number may be as long as Jackson lets a string be: reading it is one pass over its text, and FieldValues
   * rejects it by its digits, so a long number need not make the whole record unreadable.
   */
  static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
      .maxNumberLength(StreamReadConstraints.DEFAULT_MAX_STRING_LEN).build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTree() {}

  /** Reads the value whose first token the parser is on; the parser is left on its last token. */
  static JsonNode read(JsonParser p) throws IOException {
    JsonToken token = p.currentToken();
    switch (token) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          object.set(name, read(p));
        }
        return object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) array.add(read(p));
        return array;
      }
      case VALUE_STRING -> {
        return NODES.textNode(p.getText());
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        return new POJONode(new WrittenNumber(p.getText(), token == JsonToken.VALUE_NUMBER_INT));
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
      }
      case VALUE_NULL -> {
        return NODES.nullNode();
      }
      default -> throw new IllegalStateException("not at the start of a JSON value: " + token);
    }
  }

  /** The number a node holds as written, or null when the node is not a number. */
  static WrittenNumber number(JsonNode node) {
    return node instanceof POJONode pojo && pojo.getPojo() instanceof WrittenNumber n ? n : null;
  }

  /** A JSON number as written; {@code integral} when it has neither a point nor an exponent. */
  record WrittenNumber(String text, boolean integral) implements JsonSerializable {
    @Override
    public void serialize(JsonGenerator gen, SerializerProvider serializers) throws IOException {
      gen.writeNumber(text);
    }

    @Override
    public void serializeWithType(JsonGenerator gen, SerializerProvider serializers, TypeSerializer typeSer) throws IOException {
      serialize(gen, serializers); // a number carries no type id
    }
  }
}
