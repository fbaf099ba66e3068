package orderpricing.spark.input;

import java.io.IOException;
import orderpricing.read.JsonOrderReader;

/**
 * Bytes [start, end) of a JSON file. The first slice of a file tells a JSON array from JSON Lines, as the whole file
 * would; a later slice is JSON Lines whose first line is line {@code firstLine}. An array file is always one slice.
 */
record JsonSlice(InputFile file, long start, long end, long firstLine) implements Slice {
  @Override
  public long bytes() {
    return end - start;
  }

  @Override
  public Records open(SliceContext context) throws IOException {
    JsonOrderReader json = new JsonOrderReader(file.displayName(), context.columns().keptNames());
    return TextRange.records(file, start, end, context, text -> start == 0 ? json.records(text) : json.lines(text, firstLine));
  }
}
