package orderpricing.read;

import orderpricing.errors.InputFileException;

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

  /** A source of many megabytes, made as it is read, that counts the characters it gave. */
  private static final class EndlessQuote extends java.io.Reader {
    private final String head;
    private long given;
    private final long size;

    EndlessQuote(String head, long size) {
      this.head = head;
      this.size = size;
    }

    @Override
    public int read(char[] buf, int off, int len) {
      if (given >= size) return -1;
      int n = (int) Math.min(len, size - given);
      for (int i = 0; i < n; i++) {
        long at = given + i;
        buf[off + i] = at < head.length() ? head.charAt((int) at) : at % 80 == 0 ? '\n' : 'x';
      }
      given += n;
      return n;
    }

    @Override
    public void close() {}
  }

  @Test
  void anUnclosedQuoteIsAFileErrorNamingTheRecordNotTheWholeFileInMemory() {
    EndlessQuote source = new EndlessQuote("id,total\nA,1\nB,2\nC,3\n\"D,4\nE,5\n", 200L << 20); // 200 MB after the quote
    List<RawRecord> seen = new ArrayList<>();
    assertThatThrownBy(() -> new CsvOrderReader("orders.csv").read(source, seen::add))
        .isInstanceOf(InputFileException.class)
        .hasMessage("orders.csv: CSV record 4 is longer than 1048576 characters (1 MiB): an unclosed quote?");
    // C's text ends where the next record starts, which is never found.
    assertThat(seen).extracting(RawRecord::id).containsExactly("A", "B");
    assertThat(source.given).as("characters read before giving up").isLessThan(3L << 20);
  }

  @Test
  void aRecordJustUnderTheLimitIsReadAndOneJustOverIsAFileError() throws IOException {
    int max = CsvOrderReader.MAX_RECORD_CHARS;
    String header = "id,total,note\n";
    String under = "U,1,\"" + "y\n".repeat((max - 20) / 2) + "\"\n";
    List<RawRecord> r = read(header + under + "V,2,short\n");
    assertThat(r).extracting(RawRecord::id).containsExactly("U", "V");
    assertThat(r).allMatch(x -> x.problem() == null);

    String over = "O,1,\"" + "y".repeat(max) + "\"\n";
    assertThatThrownBy(() -> read(header + "A,1,a\n" + over + "V,2,short\n")).isInstanceOf(InputFileException.class)
        .hasMessageStartingWith("orders.csv: CSV record 2 is longer than 1048576 characters");
    // The same when the long record is the last one, or the header itself.
    assertThatThrownBy(() -> read(header + "A,1,a\n" + over)).isInstanceOf(InputFileException.class)
        .hasMessageStartingWith("orders.csv: CSV record 2 is longer");
    assertThatThrownBy(() -> read("id,total,\"" + "h".repeat(max) + "\"\nA,1,a\n")).isInstanceOf(InputFileException.class)
        .hasMessageStartingWith("orders.csv: CSV header is longer");
  }
}
