package orderpricing.spark.input;

import java.io.IOException;
import orderpricing.read.CsvHeader;
import orderpricing.read.CsvOrderReader;

/**
 * Bytes [start, end) of a CSV file. The first slice reads the header itself; a later one is given the header and
 * the number of data records before it. A file with a line break inside a quoted field is always one slice.
 */
record CsvSlice(InputFile file, long start, long end, CsvHeader header, long recordsBefore) implements Slice {
  @Override
  public long bytes() {
    return end - start;
  }

  @Override
  public Records open(SliceContext context) throws IOException {
    CsvOrderReader csv = new CsvOrderReader(file.displayName(), context.columns().keptNames());
    return TextRange.records(file, start, end, context, text -> start == 0 ? csv.records(text) : csv.records(text, header, recordsBefore));
  }
}
