package orderpricing.spark.input;

import java.io.IOException;
import java.io.Reader;
import orderpricing.read.JsonOrderReader;
import orderpricing.read.RecordIterator;

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
    Reader reader = TextRange.open(file, start, end, context);
    try {
      JsonOrderReader json = new JsonOrderReader(file.displayName(), context.columns().keptNames());
      RecordIterator records = start == 0 ? json.records(reader) : json.lines(reader, firstLine);
      return TextRange.records(file, reader, records);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }
}
