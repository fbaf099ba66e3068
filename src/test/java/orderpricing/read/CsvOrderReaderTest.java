package orderpricing.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvOrderReaderTest {
  private static List<RawRecord> read(String text) throws IOException {
    List<RawRecord> out = new ArrayList<>();
    new CsvOrderReader("orders.csv").read(new StringReader(text), out::add);
    return out;
  }

  @Test
  void columnsAreMatchedByName() throws IOException {
    List<RawRecord> r = read("total,id,discount\n100,ORD-1,0.1\n50.5,ORD-2,\n");
    assertThat(r).extracting(RawRecord::id).containsExactly("ORD-1", "ORD-2");
    assertThat(r.get(0).total()).isEqualByComparingTo("100");
    assertThat(r.get(1).discount()).isNull();
    assertThat(r).extracting(RawRecord::position).containsExactly(1L, 2L);
  }

  @Test
  void quotedFieldsFollowRfc4180() throws IOException {
    List<RawRecord> r = read("id,total,discount\r\n\"ORD \"\"1\"\", big\",\"1,0\",0\r\n\"multi\nline\",5,0.5\r\n");
    assertThat(r.get(0).problem()).isEqualTo("total is not a number: \"1,0\"");
    assertThat(r.get(0).raw()).isEqualTo("\"ORD \"\"1\"\", big\",\"1,0\",0");
    assertThat(r.get(1).id()).isEqualTo("multi\nline");
    assertThat(r.get(1).position()).isEqualTo(2L);
  }

  @Test
  void badRecordsAreRejectedWithTheirRawText() throws IOException {
    List<RawRecord> r = read("id,total,discount\nA,10,0.1\nB,abc,0\nC,10\nD,10,0.1,extra\n,5,0\nE,,0\nF,5,2\nG,NaN,0\nH,-1,0\n");
    assertThat(r).extracting(RawRecord::problem).containsExactly(
        null, "total is not a number: \"abc\"", "record has 2 fields, the header has 3", "record has 4 fields, the header has 3",
        "id is empty", "total is missing", "discount is outside [0, 1]", "total is not a number: \"NaN\"", "total is negative");
    assertThat(r).extracting(RawRecord::raw).containsExactly(
        null, "B,abc,0", "C,10", "D,10,0.1,extra", ",5,0", "E,,0", "F,5,2", "G,NaN,0", "H,-1,0");
  }

  @Test
  void aHeaderWithoutTotalIsAFileError() {
    assertThatThrownBy(() -> read("id,amount\nA,1\n")).isInstanceOf(InputFileException.class)
        .hasMessage("orders.csv: CSV header has no total column (header: id,amount)");
  }

  @Test
  void headerOnlyOrEmptyHasNoRecords() throws IOException {
    assertThat(read("id,total,discount\n")).isEmpty();
    assertThat(read("")).isEmpty();
  }

  @Test
  void hugeNumbersAreRejectedNamingTheField() throws IOException {
    String digits = "7".repeat(100_000);
    List<RawRecord> r = read("id,total,discount\nA,1e999999999,0.1\nB,1e99999999999,\nC," + digits + ",\nD,5,1e-999999999\nE,5,0\n");
    assertThat(r).extracting(RawRecord::problem).containsExactly("total has more than 20 integer digits",
        "total has more than 20 integer digits", "total has more than 20 integer digits", "discount has more than 18 decimal places", null);
    assertThat(r.get(0).raw()).isEqualTo("A,1e999999999,0.1");
  }
}
