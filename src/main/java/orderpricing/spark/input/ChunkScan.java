package orderpricing.spark.input;

import orderpricing.read.CsvHeader;

/**
 * One scan over the bytes of a chunk of a text file, the state of the first pass's byte-by-byte look at line breaks
 * and quotes (see {@link LineCounts}). It is fed, buffer by buffer and in order, the bytes from {@link #from()} to
 * {@link #to()}: the chunk, up to two bytes before it and one after it. The bytes before only tell whether the chunk's
 * first line is empty so far (a byte of content, or content and a {@code \r}); the byte after, whether a {@code \r}
 * ending the chunk is lone. Only bytes in the chunk are counted.
 */
final class ChunkScan {
  private final long start;
  private final long end;
  private final long fileLength;
  private long pos; // offset in the file of the next byte fed

  private long lineBreaks;
  private long firstBreak = -1;
  private boolean firstNonEmpty;
  private long nonEmptyLines;
  private int lineLength; // bytes of the current line so far, not counting a \r just read
  private boolean pendingCr; // the last byte was a \r: a line break if a \n follows, content otherwise
  private boolean loneCr;

  private long quotes;
  private boolean inQuotesIfStartOutside;
  private boolean breakInQuotesIfStartOutside;
  private boolean breakInQuotesIfStartInside;

  /** A scan of the chunk {@code [start, end)} of a file of {@code fileLength} bytes. */
  ChunkScan(long start, long end, long fileLength) {
    this.start = start;
    this.end = end;
    this.fileLength = fileLength;
    this.pos = from();
  }

  /** The offset of the first byte to feed. */
  long from() {
    return Math.max(0, start - 2);
  }

  /** The offset just after the last byte to feed. */
  long to() {
    return Math.min(fileLength, end + 1);
  }

  /** How many bytes are still to be fed. */
  long remaining() {
    return to() - pos;
  }

  /** Takes the next {@code length} bytes of the file, {@code buf[offset]} first. */
  void feed(byte[] buf, int offset, int length) {
    for (int i = offset; i < offset + length; i++) next(buf[i]);
  }

  /**
   * What the bytes fed say about the chunk. {@code startsArray} and {@code header} are not in its bytes, they come from
   * the start of the file and are passed on as they are.
   */
  LineCounts.Count count(boolean startsArray, CsvHeader header) {
    return new LineCounts.Count(lineBreaks, firstBreak, nonEmptyLines, firstNonEmpty, quotes,
        breakInQuotesIfStartOutside, breakInQuotesIfStartInside, loneCr || crEndsFile(), startsArray, header);
  }

  private void next(byte b) {
    if (pendingCr && b != '\n' && inChunk(pos - 1)) loneCr = true;
    if (b == '\n') lineBreak();
    else content(b);
    pos++;
  }

  private void lineBreak() {
    if (inChunk(pos)) countBreak();
    lineLength = 0;
    pendingCr = false;
  }

  private void countBreak() {
    lineBreaks++;
    boolean lineNotEmpty = lineLength > 0;
    if (lineNotEmpty) nonEmptyLines++;
    if (firstBreak < 0) {
      firstBreak = pos;
      firstNonEmpty = lineNotEmpty;
    }
    if (inQuotesIfStartOutside) breakInQuotesIfStartOutside = true;
    else breakInQuotesIfStartInside = true;
  }

  private void content(byte b) {
    if (pendingCr) lineLength++; // the \r before this byte was content
    pendingCr = b == '\r';
    if (!pendingCr) lineLength++;
    if (b == '"' && inChunk(pos)) quote();
  }

  private void quote() {
    quotes++;
    inQuotesIfStartOutside = !inQuotesIfStartOutside;
  }

  /** The last byte fed is a {@code \r} in the chunk and the last of the file: a lone one. */
  private boolean crEndsFile() {
    return pendingCr && to() == fileLength && pos - 1 < end;
  }

  private boolean inChunk(long offset) {
    return offset >= start && offset < end;
  }
}
