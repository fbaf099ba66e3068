package orderpricing.read;

import orderpricing.errors.InputFileException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes that are not UTF-8 leave a mark no valid UTF-8 can leave, and the readers reject the records holding it. */
class Utf8TextTest {
  private static String decode(byte[] bytes) throws IOException {
    try (Reader r = Utf8Text.reader(new ByteArrayInputStream(bytes))) {
      StringBuilder s = new StringBuilder();
      char[] buf = new char[8192];
      for (int n; (n = r.read(buf)) > 0; ) s.append(buf, 0, n);
      return s.toString();
    }
  }

  private static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) out[i] = (byte) b[i];
    return out;
  }

  @Test
  void theMarkIsALoneLowSurrogateWhoseOwnEncodingJavaRejectsAsMalformed() throws Exception {
    assertThat(Utf8Text.MALFORMED).isEqualTo('\uDC80');
    assertThat(Character.isLowSurrogate(Utf8Text.MALFORMED)).isTrue();
    // ED B0 80 would encode U+DC80; a strict decoder refuses it, so decoding can only yield the mark for bad bytes.
    assertThatThrownBy(() -> StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(0xED, 0xB0, 0x80))))
        .isInstanceOf(CharacterCodingException.class);
    assertThat(Utf8Text.malformed(decode(bytes(0xED, 0xB0, 0x80)))).isTrue();
    assertThat(Utf8Text.malformed(decode(bytes('c', 'a', 'f', 0xE9)))).isTrue();
    assertThat(Utf8Text.malformed(decode(bytes(0xFF, 0xFE, 'x')))).isTrue();
    assertThat(Utf8Text.malformed(decode(bytes(0xC3)))).as("cut short at the end").isTrue();
  }

  @Test
  void everyValidCodePointDecodesWithoutTheMark() throws Exception {
    StringBuilder all = new StringBuilder();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) all.appendCodePoint(cp);
    }
    String text = all.toString();
    String decoded = decode(text.getBytes(StandardCharsets.UTF_8));
    assertThat(Utf8Text.malformed(decoded)).isFalse();
    assertThat(decoded).isEqualTo(text);
  }

  @Test
  void theMarkIsShownAsTheReplacementCharacter() {
    assertThat(Utf8Text.printable("caf\uDC80-1")).isEqualTo("caf\uFFFD-1");
    assertThat(Utf8Text.printable("\uDC80\uD83D\uDC80\uDC80")).as("a skull beside two marks").isEqualTo("\uFFFD\uD83D\uDC80\uFFFD");
  }

  /** U+1F480 is the pair D83D DC80: the mark's char as the valid second half of a pair is no mark. */
  @Test
  void aValidPairEndingInTheMarksCharIsNoMark() throws Exception {
    String skull = new String(Character.toChars(0x1F480));
    assertThat(skull.charAt(1)).isEqualTo(Utf8Text.MALFORMED);
    String csv = "id,total\n" + skull + "-1,1\n";
    List<RawRecord> r = records(new CsvOrderReader("o.csv").records(Utf8Text.reader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))));
    assertThat(r).extracting(RawRecord::problem).containsExactly((String) null);
    assertThat(r.get(0).id()).isEqualTo(skull + "-1");
    String json = "[{\"id\":\"" + skull + "\",\"total\":1}]\n{\"id\":\"" + skull + "\",\"total\":1}";
    assertThat(records(new JsonOrderReader("o.json").records(Utf8Text.reader(new ByteArrayInputStream(json.substring(0, json.indexOf('\n')).getBytes(StandardCharsets.UTF_8))))))
        .extracting(RawRecord::problem).containsExactly((String) null);
    assertThat(records(new JsonOrderReader("o.jsonl").records(Utf8Text.reader(new ByteArrayInputStream(json.substring(json.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8))))))
        .extracting(RawRecord::problem).containsExactly((String) null);
  }

  private static List<RawRecord> records(RecordIterator it) {
    List<RawRecord> out = new ArrayList<>();
    it.drainTo(out::add);
    return out;
  }

  @Test
  void aJsonLineThatIsNotUtf8IsRejectedWhereItIs() throws Exception {
    byte[] text = bytes('{', '"', 'i', 'd', '"', ':', '"', 'A', '"', ',', '"', 't', 'o', 't', 'a', 'l', '"', ':', '1', '}', '\n',
        '{', '"', 'i', 'd', '"', ':', '"', 0xFF, 0xFE, '"', ',', '"', 't', 'o', 't', 'a', 'l', '"', ':', '1', '}', '\n');
    List<RawRecord> r = records(new JsonOrderReader("o.jsonl").records(Utf8Text.reader(new ByteArrayInputStream(text))));
    assertThat(r).extracting(RawRecord::problem).containsExactly(null, Utf8Text.PROBLEM);
    assertThat(r.get(1).position()).isEqualTo(2);
    assertThat(r.get(1).raw()).isEqualTo("{\"id\":\"\uFFFD\uFFFD\",\"total\":1}");
  }

  @Test
  void aJsonArrayElementThatIsNotUtf8IsRejectedAndTheOthersRead() throws Exception {
    String a = "[{\"id\":\"A\",\"total\":1},\n{\"id\":\"caf";
    String b = "\",\"total\":2},{\"id\":\"C\",\"total\":3}]";
    byte[] text = (a + "\u00E9" + b).getBytes(StandardCharsets.ISO_8859_1);
    List<RawRecord> r = records(new JsonOrderReader("o.json").records(Utf8Text.reader(new ByteArrayInputStream(text))));
    assertThat(r).extracting(RawRecord::problem).containsExactly(null, Utf8Text.PROBLEM, null);
    assertThat(r).extracting(RawRecord::id).containsExactly("A", null, "C");
    assertThat(r.get(1).raw()).contains("caf\uFFFD");
  }

  @Test
  void aCsvRecordThatIsNotUtf8IsRejectedWhereItIs() throws Exception {
    byte[] text = "id,total\nA,1\ncaf\u00E9,2\n\"\u00FC\",3\nD,4\n".getBytes(StandardCharsets.ISO_8859_1);
    List<RawRecord> r = records(new CsvOrderReader("o.csv").records(Utf8Text.reader(new ByteArrayInputStream(text))));
    assertThat(r).extracting(RawRecord::problem).containsExactly(null, Utf8Text.PROBLEM, Utf8Text.PROBLEM, null);
    assertThat(r).extracting(RawRecord::position).containsExactly(1L, 2L, 3L, 4L);
    assertThat(r.get(1).raw()).isEqualTo("caf\uFFFD,2");
  }

  @Test
  void aCsvHeaderNamingAColumnTheJobReadsTwiceIsAFileError() throws IOException {
    assertThatThrownBy(() -> records(new CsvOrderReader("o.csv").records(new StringReader("id,total, total\nA,1,2\n"))))
        .isInstanceOf(InputFileException.class).hasMessage("o.csv: CSV header names total twice (columns 2 and 3)");
    assertThatThrownBy(() -> records(new CsvOrderReader("o.csv", List.of("region")).records(new StringReader("id,total,region,region\nA,1,x,y\n"))))
        .isInstanceOf(InputFileException.class).hasMessage("o.csv: CSV header names region twice (columns 3 and 4)");
    // A repeated column the job does not read harms nothing.
    assertThat(records(new CsvOrderReader("o.csv").records(new StringReader("id,total,note,note\nA,1,x,y\n")))).hasSize(1);
  }
}
