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
}
