package orderpricing.spark.input;

import java.io.Closeable;
import java.io.IOException;
import java.io.Serializable;
import java.util.Iterator;
import org.apache.spark.sql.catalyst.InternalRow;
import orderpricing.read.RawRecord;

/**
 * One consecutive piece of one input file, read by one task after the slices that come before it in input order:
 * Parquet row groups, or a byte range of a text file cut at line boundaries.
 */
public sealed interface Slice extends Serializable permits ParquetSlice, JsonSlice, CsvSlice {
  InputFile file();

  /** Bytes of input the slice covers, for packing slices into partitions. */
  long bytes();

  /** The slice's records, in file order. */
  Records open(SliceContext context) throws IOException;

  /** Records read as they are asked for, and what to close when the task is done with them. */
  interface Records extends Iterator<RawRecord>, Closeable {
    /** The next record as a staged row of the query's fields, for a task with no step and no profile to take. */
    default InternalRow nextRow(int source, SliceContext context) {
      return context.columns().row(source, next(), context.fieldsRead());
    }
  }
}
