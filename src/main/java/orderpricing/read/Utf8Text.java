package orderpricing.read;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Text decoded from UTF-8, where bytes that are not UTF-8 leave a mark that a record's text is checked for, so such a
 * record is rejected instead of priced with its id quietly changed. Decoding stays one pass with no exceptions.
 */
public final class Utf8Text {
  /**
   * What bytes that are not UTF-8 decode to: a lone low surrogate. Decoding valid UTF-8 never yields one on its own,
   * since the only bytes that would encode it (ED B0 80) are themselves malformed UTF-8. The same char does come out
   * as the second half of a valid pair (U+1F480 is D83D DC80), so it is the mark only where no high surrogate precedes
   * it; the decoder never puts a lone high surrogate before a mark.
   */
  public static final char MALFORMED = '\uDC80';
  /** The reason a record holding such bytes is rejected. */
  public static final String PROBLEM = "record is not valid UTF-8";

  private Utf8Text() {}

  /** The bytes as text, bytes that are not UTF-8 marked with {@link #MALFORMED}. */
  public static Reader reader(InputStream in) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE)
        .replaceWith(String.valueOf(MALFORMED));
    return new InputStreamReader(in, decoder);
  }

  /** Whether the text came from bytes that are not UTF-8: one scan, as fast as {@link String#indexOf(int)}. */
  public static boolean malformed(String text) {
    for (int i = text.indexOf(MALFORMED); i >= 0; i = text.indexOf(MALFORMED, i + 1)) {
      if (isMark(i == 0 ? 0 : text.charAt(i - 1), MALFORMED)) return true;
    }
    return false;
  }

  /** Whether {@code c}, after {@code before} (0 at the start of the text), is the mark. */
  public static boolean isMark(char before, char c) {
    return c == MALFORMED && !Character.isHighSurrogate(before);
  }

  /** The text as the rejects show it: each mark, which no UTF-8 writer can write, as U+FFFD, the replacement character. */
  public static String printable(String text) {
    if (!malformed(text)) return text;
    StringBuilder out = new StringBuilder(text);
    for (int i = 0; i < out.length(); i++) {
      if (isMark(i == 0 ? 0 : text.charAt(i - 1), text.charAt(i))) out.setCharAt(i, '\uFFFD');
    }
    return out.toString();
  }
}
