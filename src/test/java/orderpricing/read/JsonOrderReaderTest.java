package orderpricing.read;

import orderpricing.errors.InputFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonOrderReaderTest {
  private static List<RawRecord> read(String text) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    new JsonOrderReader("orders.json").read(new StringReader(text), out::add);
    return out;
  }

  @Test
  void jsonLinesWithLineNumbersCountingBlankLines() throws IOException {
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":10.5,\"discount\":0.1}\n\n  \n{\"id\":\"B\",\"total\":1e2}\n");
    assertThat(r).extracting(RawRecord::position).containsExactly(1L, 4L);
    assertThat(r.get(0).total()).isEqualByComparingTo("10.5");
    assertThat(r.get(1).total().toPlainString()).isEqualTo("100");
    assertThat(r.get(1).discount()).isNull();
    assertThat(r).allMatch(x -> x.problem() == null && x.raw() == null);
  }

  @Test
  void aJsonArrayIsReadByElement() throws IOException {
    List<RawRecord> r = read("  \n[ {\"id\":\"A\",\"total\":100.0,\"discount\":0.1},\n {\"id\":\"B\",\"total\":200} ]\n");
    assertThat(r).extracting(RawRecord::id).containsExactly("A", "B");
    assertThat(r).extracting(RawRecord::position).containsExactly(1L, 2L);
  }

  @Test
  void numbersAreExactNotDoubles() throws IOException {
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":12345678901234.56,\"discount\":0.1}");
    assertThat(r.get(0).total().toPlainString()).isEqualTo("12345678901234.56");
    assertThat(r.get(0).discount().toPlainString()).isEqualTo("0.1");
  }

  @Test
  void aStringIsNeverANumber() throws IOException {
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":\"12.50\"}\n{\"id\":\"B\",\"total\":true}\n{\"id\":\"C\",\"total\":{\"v\":1}}\n{\"id\":\"D\",\"total\":5,\"discount\":\"0.1\"}");
    assertThat(r).extracting(RawRecord::problem).containsExactly(
        "total is not a number (a string)", "total is not a number (a boolean)", "total is not a number (an object)",
        "discount is not a number (a string)");
    assertThat(r.get(0).raw()).isEqualTo("{\"id\":\"A\",\"total\":\"12.50\"}");
    assertThat(r.get(0).id()).isEqualTo("A");
  }

  @Test
  void brokenLinesAreRejectedAndReadingGoesOn() throws IOException {
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":1}\n{\"id\":\"B\",\"total\":\n[1,2]\n{\"id\":\"C\",\"total\":3} trailing\n{\"id\":\"D\",\"total\":4}");
    assertThat(r).extracting(RawRecord::position).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(r.get(1).problem()).startsWith("record does not parse as JSON");
    assertThat(r.get(1).raw()).isEqualTo("{\"id\":\"B\",\"total\":");
    assertThat(r.get(2).problem()).isEqualTo("record is not a JSON object");
    assertThat(r.get(3).problem()).startsWith("record does not parse as JSON");
    assertThat(r.get(4).problem()).isNull();
  }

  @Test
  void missingNullAndEmptyFields() throws IOException {
    List<RawRecord> r = read("{\"total\":1}\n{\"id\":null,\"total\":1}\n{\"id\":\"\",\"total\":1}\n{\"id\":\"A\"}\n{\"id\":\"A\",\"total\":null}\n{\"id\":\"A\",\"total\":-1}\n{\"id\":\"A\",\"total\":1,\"discount\":1.5}\n{\"id\":\"A\",\"total\":1,\"discount\":null,\"extra\":[1]}");
    assertThat(r).extracting(RawRecord::problem).containsExactly(
        "id is missing", "id is missing", "id is empty", "total is missing", "total is missing", "total is negative",
        "discount is outside [0, 1]", null);
  }

  @Test
  void aBrokenArrayStopsTheFileNamingIt() {
    assertThatThrownBy(() -> read("[{\"id\":\"A\",\"total\":1}, {\"id\":"))
        .isInstanceOf(InputFileException.class).hasMessageStartingWith("orders.json: JSON array");
  }

  @Test
  void anEmptyFileHasNoRecords() throws IOException {
    assertThat(read("")).isEmpty();
    assertThat(read("\n\n")).isEmpty();
    assertThat(read("[]")).isEmpty();
  }

  @Test
  void leadingBlankLinesCountAsLines() throws IOException {
    // Lines 1 and 2 blank, 3 has no total, 4 is valid, 5 blank, 6 has a string total.
    String body = "{\"id\":\"A\",\"discount\":0.1}\n{\"id\":\"B\",\"total\":1}\n\n{\"id\":\"C\",\"total\":\"x\"}\n";
    for (String lead : List.of("\n\n", "  \n\t\n", "\r\n\r\n", "\uFEFF\n\n", "\uFEFF \n \n")) {
      List<RawRecord> r = read(lead + body);
      assertThat(r).as("after %s", lead.replace("\n", "\\n").replace("\r", "\\r")).extracting(RawRecord::position).containsExactly(3L, 4L, 6L);
      assertThat(r.get(0).problem()).isEqualTo("total is missing");
      assertThat(r.get(2).problem()).isEqualTo("total is not a number (a string)");
    }
  }

  @Test
  void leadingWhitespaceOnTheFirstRecordsLineIsKeptInItsRawText() throws IOException {
    List<RawRecord> r = read("\uFEFF  {\"id\":\"A\"}\n");
    assertThat(r).extracting(RawRecord::position).containsExactly(1L);
    assertThat(r.get(0).raw()).isEqualTo("  {\"id\":\"A\"}");
  }

  @Test
  void hugeNumbersAreRejectedNamingTheField() throws IOException {
    String digits = "7".repeat(100_000);
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":1}\n"
        + "{\"id\":\"B\",\"total\":1e999999999,\"discount\":0.1}\n"
        + "{\"id\":\"C\",\"total\":1e99999999999}\n"
        + "{\"id\":\"D\",\"total\":" + digits + "}\n"
        + "{\"id\":\"E\",\"total\":5,\"discount\":1e-99999999999}\n"
        + "{\"id\":\"F\",\"total\":5,\"extra\":[1e99999999999, " + digits + "]}\n"
        + "{\"id\":12345678901234567890123,\"total\":5}\n"
        + "{\"id\":1.5,\"total\":5}\n");
    assertThat(r).extracting(RawRecord::problem).containsExactly(null, "total has more than 20 integer digits",
        "total has more than 20 integer digits", "total has more than 20 integer digits", "discount has more than 18 decimal places",
        null, null, "id is not a string (a number)");
    assertThat(r.get(1).raw()).isEqualTo("{\"id\":\"B\",\"total\":1e999999999,\"discount\":0.1}");
    assertThat(r.get(1).id()).isEqualTo("B");
    assertThat(r.get(6).id()).isEqualTo("12345678901234567890123");
  }

  @Test
  void anArrayElementWithAHugeNumberIsRejectedAsWritten() throws IOException {
    String digits = "7".repeat(100_000);
    List<RawRecord> r = read("[{\"id\":\"A\",\"total\":1e999999999},\n {\"id\":\"B\",\"total\":" + digits
        + "},\n {\"id\":\"C\",\"total\":1e99999999999, \"n\": {\"x\": [0.10]}}, {\"id\":\"D\",\"total\":2.50}]");
    assertThat(r).extracting(RawRecord::problem).containsExactly("total has more than 20 integer digits",
        "total has more than 20 integer digits", "total has more than 20 integer digits", null);
    assertThat(r.get(0).raw()).isEqualTo("{\"id\":\"A\",\"total\":1e999999999}");
    assertThat(r.get(1).raw()).isEqualTo("{\"id\":\"B\",\"total\":" + digits + "}");
    assertThat(r.get(2).raw()).isEqualTo("{\"id\":\"C\",\"total\":1e99999999999,\"n\":{\"x\":[0.10]}}");
    assertThat(r.get(3).total().toPlainString()).isEqualTo("2.50");
  }

  @Test
  void deepNestingIsAnUnparsableRecordInJsonLines() throws IOException {
    String deep = "[".repeat(5000) + "]".repeat(5000);
    List<RawRecord> r = read("{\"id\":\"A\",\"total\":1,\"x\":" + deep + "}\n{\"id\":\"B\",\"total\":2}\n");
    assertThat(r.get(0).problem()).startsWith("record does not parse as JSON");
    assertThat(r.get(1).problem()).isNull();
  }

  @Test
  void blankLinesBeforeTheFirstRecordCountForPositions() throws IOException {
    List<RawRecord> r = read("\n  \r\n\t\n{\"id\":\"A\",\"total\":1}\n\n{\"id\":\"B\",\"total\":2}\n");
    assertThat(r).extracting(RawRecord::position).containsExactly(4L, 6L);
  }

  /**
   * A JSON Lines line of plain values is read straight off the parser's tokens; an array's elements always go through
   * a tree. Every kind of line must give the same record both ways.
   */
  @Test
  void linesReadWithoutATreeGiveWhatTheTreeGives() throws IOException {
    List<String> lines = List.of(
        "{\"id\":\"A\",\"total\":12.50,\"discount\":0.1}",
        "{\"total\":1e2,\"id\":7,\"discount\":null,\"note\":\"x\"}",
        "{\"id\":7.5,\"total\":1}",
        "{\"id\":\"  \",\"total\":1}",
        "{\"id\":\"B\",\"total\":\"12.50\"}",
        "{\"id\":\"C\",\"total\":true,\"discount\":0.2}",
        "{\"id\":\"D\",\"total\":-1}",
        "{\"id\":\"E\",\"total\":5,\"discount\":1.5}",
        "{\"id\":\"F\",\"total\":5,\"discount\":\"0.1\"}",
        "{\"id\":\"G\",\"total\":5,\"customer_id\":42}",
        "{\"id\":\"H\",\"total\":5,\"customer_id\":false}",
        "{\"id\":\"I\",\"total\":5,\"customer_id\":\" \"}",
        "{\"id\":\"J\",\"total\":5,\"customer_id\":{\"k\":1}}",
        "{\"id\":\"K\",\"total\":5,\"extra\":[1,{\"a\":2}]}",
        "{\"id\":\"L\",\"total\":[5]}",
        "{\"id\":null,\"total\":5}",
        "{\"total\":5}",
        "{\"id\":\"M\",\"total\":0.000000000000000000001}",
        "{\"id\":\"N\",\"total\":123456789012345678901}",
        "{}",
        "{\"id\":\"O\",\"total\":5,\"discount\":0}");
    List<RawRecord> flat = read(String.join("\n", lines));
    List<RawRecord> tree = read("[" + String.join(",\n", lines) + "]");
    assertThat(flat).hasSameSizeAs(lines);
    for (int i = 0; i < lines.size(); i++) {
      RawRecord f = flat.get(i), t = tree.get(i);
      assertThat(List.of(String.valueOf(f.id()), String.valueOf(f.total()), String.valueOf(f.discount()), String.valueOf(f.problem()),
          String.valueOf(f.customerId()), String.valueOf(f.position())))
          .as(lines.get(i))
          .containsExactly(String.valueOf(t.id()), String.valueOf(t.total()), String.valueOf(t.discount()), String.valueOf(t.problem()),
              String.valueOf(t.customerId()), String.valueOf(t.position()));
      if (f.problem() != null) assertThat(f.raw()).isEqualTo(lines.get(i));
    }
    assertThat(read("{\"id\":\"A\",\"total\":1,\"id\":\"B\"}").get(0).problem()).as("a duplicate key, as before")
        .startsWith("record does not parse as JSON: Duplicate field 'id'");
    assertThat(read("{\"id\":\"A\",\"o\":{\"k\":1,\"k\":2},\"total\":1}").get(0).problem()).as("nested too")
        .startsWith("record does not parse as JSON: Duplicate field 'k'");
  }
}
