package orderpricing.read;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines ended by {@code \n} (a {@code \r} before it is dropped), the same line breaks that split a file into slices.
 * Unlike {@link java.io.BufferedReader#readLine()}, a lone {@code \r} does not end a line, so a file's line numbers do
 * not depend on whether it was read whole or in slices.
 */
final class LineReader {
  private final Reader in;
  private final char[] buffer = new char[1 << 16];
  private int pos;
  private int end;

  LineReader(Reader in) {
    this.in = in;
  }

  /** The next line without its line break, or null at the end of the input. */
  String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      if (pos == end) {
        end = in.read(buffer, 0, buffer.length);
        pos = 0;
        if (end <= 0) {
          end = 0;
          return line == null ? null : withoutCr(line);
        }
      }
      int start = pos;
      while (pos < end && buffer[pos] != '\n') pos++;
      if (pos < end) {
        int stop = pos++;
        if (line == null) {
          if (stop > start && buffer[stop - 1] == '\r') stop--;
          else if (stop == start) return "";
          return new String(buffer, start, stop - start);
        }
        line.append(buffer, start, stop - start);
        return withoutCr(line);
      }
      if (line == null) line = new StringBuilder(Math.max(16, (end - start) * 2));
      line.append(buffer, start, end - start);
    }
  }

  private static String withoutCr(StringBuilder line) {
    int n = line.length();
    return n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
  }
}
