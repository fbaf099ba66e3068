package orderpricing.spark.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import orderpricing.read.CsvHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first pass's scan of one chunk, at the edges where a chunk or a read buffer ends: each case is a file, a chunk
 * of it, and where the bytes fed are split into two buffers, with every field of the count it gives. Offsets are in
 * bytes of the UTF-8 text (a byte order mark is three). Columns: line breaks, offset of the first, non-empty lines,
 * whether the first is non-empty, quotes, a break inside quotes if the chunk starts outside them (inQ|out) and if it
 * starts inside (inQ|in), a lone CR.
 */
class ChunkScanTest {
  private static final boolean Y = true, N = false;
  private static final int WHOLE = -1; // the bytes fed in one buffer

  /** A chunk {@code [start, end)} of {@code text}, fed in two buffers split at file offset {@code cut}. */
  record Case(String name, String text, int start, int end, int cut, LineCounts.Count expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case row(String name, String text, int start, int end, int cut,
      long breaks, long firstBreak, long nonEmpty, boolean firstNonEmpty, long quotes,
      boolean breakInQuotesIfStartOutside, boolean breakInQuotesIfStartInside, boolean loneCr) {
    return new Case(name, text, start, end, cut, new LineCounts.Count(breaks, firstBreak, nonEmpty, firstNonEmpty, quotes,
        breakInQuotesIfStartOutside, breakInQuotesIfStartInside, loneCr, false, null));
  }

  static Stream<Case> cases() {
    return Stream.of(
        //   case                                                  text              start end  cut    breaks first nonEmpty 1stNonEmpty quotes inQ|out inQ|in loneCR
        row("LF lines, whole file",                                "a\nbc\n",        0,  5,  WHOLE,  2,     1,    2,       Y,          0,     N,      Y,     N),
        row("CRLF split across two buffers",                       "ab\r\ncd\r\n",   0,  8,  3,      2,     3,    2,       Y,          0,     N,      Y,     N),
        row("CRLF split across chunks: chunk ending in its CR",    "ab\r\ncd\r\n",   0,  3,  3,      0,    -1,    0,       N,          0,     N,      N,     N),
        row("CRLF split across chunks: chunk starting at its LF",  "ab\r\ncd\r\n",   3,  8,  3,      2,     3,    2,       Y,          0,     N,      Y,     N),
        row("empty CRLF line, its CR before the chunk",            "\n\r\n",         2,  3,  WHOLE,  1,     2,    0,       N,          0,     N,      Y,     N),
        row("content then CR before the chunk, LF in it",          "a\r\n",          2,  3,  WHOLE,  1,     2,    1,       Y,          0,     N,      Y,     N),
        row("line content only before the chunk",                  "ab\n",           2,  3,  WHOLE,  1,     2,    1,       Y,          0,     N,      Y,     N),
        row("empty CRLF line starting at the chunk",               "a\n\r\nb\n",     3,  6,  WHOLE,  2,     3,    1,       N,          0,     N,      Y,     N),
        row("empty lines, LF and CRLF",                            "\n\n\r\na\n",    0,  6,  2,      4,     0,    1,       N,          0,     N,      Y,     N),
        row("lone CR at the very end of a buffer",                 "a\rb\n",         0,  4,  2,      1,     3,    1,       Y,          0,     N,      Y,     Y),
        row("lone CR as the last byte of a chunk",                 "a\rb\n",         0,  2,  2,      0,    -1,    0,       N,          0,     N,      N,     Y),
        row("lone CR just before the chunk is not its own",        "a\rb\n",         2,  4,  2,      1,     3,    1,       Y,          0,     N,      Y,     N),
        row("CR CR LF: the first CR is lone",                      "\r\r\n",         0,  3,  1,      1,     2,    1,       Y,          0,     N,      Y,     Y),
        row("file ending in a lone CR",                            "a\n\r",          0,  3,  WHOLE,  1,     1,    1,       Y,          0,     N,      Y,     Y),
        row("file ending in a lone CR, chunk just before it",      "a\n\r",          0,  2,  2,      1,     1,    1,       Y,          0,     N,      Y,     N),
        row("file ending in a lone CR, a chunk of its own",        "a\n\r",          2,  3,  WHOLE,  0,    -1,    0,       N,          0,     N,      N,     Y),
        row("no final line break: last line not counted",          "a\nbc",          0,  4,  WHOLE,  1,     1,    1,       Y,          0,     N,      Y,     N),
        row("line break inside a quoted field",                    "a,\"x\ny\"\n",   0,  8,  WHOLE,  2,     4,    2,       Y,          2,     Y,      Y,     N),
        row("quote split: chunk holding the opening quote",        "a,\"x\ny\"\n",   0,  4,  WHOLE,  0,    -1,    0,       N,          1,     N,      N,     N),
        row("quote split: chunk after it, its quote not counted",  "a,\"x\ny\"\n",   4,  8,  WHOLE,  2,     4,    2,       Y,          1,     Y,      Y,     N),
        row("doubled quote split across two buffers",              "\"a\"\"b\nc\"\n", 0, 9,  3,      2,     5,    2,       Y,          4,     Y,      Y,     N),
        row("doubled quote split across chunks: the first half",   "\"a\"\"b\nc\"\n", 0, 3,  2,      0,    -1,    0,       N,          2,     N,      N,     N),
        row("doubled quote split across chunks: the second half",  "\"a\"\"b\nc\"\n", 3, 9,  3,      2,     5,    2,       Y,          2,     Y,      Y,     N),
        row("byte order mark: content of the first line",          "\uFEFF\na\n",    0,  6,  2,      2,     3,    2,       Y,          0,     N,      Y,     N),
        row("blank space before [ is content to the byte scan",    " \t\n[1]\n",     0,  7,  3,      2,     2,    2,       Y,          0,     N,      Y,     N));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void countsTheChunk(Case c) {
    byte[] file = c.text().getBytes(StandardCharsets.UTF_8);
    ChunkScan scan = new ChunkScan(c.start(), c.end(), file.length);
    if (c.cut() == WHOLE) {
      feed(scan, file, (int) scan.to());
    } else {
      assertThat(c.cut()).as("the cut splits the bytes fed").isStrictlyBetween((int) scan.from(), (int) scan.to());
      feed(scan, file, c.cut());
      feed(scan, file, (int) scan.to());
    }
    assertThat(scan.remaining()).isZero();
    assertThat(scan.count(false, null)).isEqualTo(c.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void countDoesNotDependOnTheBufferSize(Case c) {
    byte[] file = c.text().getBytes(StandardCharsets.UTF_8);
    for (int size = 1; size <= file.length; size++) {
      ChunkScan scan = new ChunkScan(c.start(), c.end(), file.length);
      while (scan.remaining() > 0) feed(scan, file, (int) Math.min(scan.to(), scan.to() - scan.remaining() + size));
      assertThat(scan.count(false, null)).as("buffers of %d bytes", size).isEqualTo(c.expected());
    }
  }

  @Test
  void passesOnWhatComesFromTheStartOfTheFile() {
    byte[] file = "a\n\n".getBytes(StandardCharsets.UTF_8);
    CsvHeader header = new CsvHeader(List.of("id", "total"));
    ChunkScan scan = new ChunkScan(0, 3, file.length);
    feed(scan, file, (int) scan.to());
    assertThat(scan.count(true, header)).isEqualTo(new LineCounts.Count(2, 1, 1, Y, 0, N, Y, N, true, header));
  }

  /** Feeds the bytes from where the scan is up to {@code until}. */
  private static void feed(ChunkScan scan, byte[] file, int until) {
    int at = (int) (scan.to() - scan.remaining());
    scan.feed(file, at, until - at);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      '[1]'                      | true
      '  \\t\\r\\n[{}]'          | true
      '\\v\\f['                  | true
      '\\uFEFF['                 | true
      '\\uFEFF \\n['             | true
      '{"id":1}'                 | false
      ''                         | false
      '\\uFEFF'                  | false
      'x['                       | false
      '\\u00A0['                 | false
      '\\uFEFF\\uFEFF['          | false
      """)
  void aJsonArrayIsSeenAfterAByteOrderMarkAndBlankSpace(String escaped, boolean expected) throws Exception {
    byte[] file = unescape(escaped).getBytes(StandardCharsets.UTF_8);
    assertThat(LineCounts.startsArray(new ByteArrayInputStream(file))).isEqualTo(expected);
  }

  private static String unescape(String s) {
    return s.replace("\\t", "\t").replace("\\r", "\r").replace("\\n", "\n").replace("\\v", "\u000B").replace("\\f", "\f")
        .replace("\\uFEFF", "\uFEFF").replace("\\u00A0", "\u00A0");
  }
}
