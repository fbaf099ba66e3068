package orderpricing.spark.input;

import java.io.IOException;
import java.io.Reader;
import orderpricing.read.CsvHeader;
import orderpricing.read.CsvOrderReader;
import orderpricing.read.RecordIterator;

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
    Reader reader = TextRange.open(file, start, end, context);
    try {
      CsvOrderReader csv = new CsvOrderReader(file.displayName(), context.columns().keptNames());
      RecordIterator records = start == 0 ? csv.records(reader) : csv.records(reader, header, recordsBefore);
      return TextRange.records(file, reader, records);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }
}
