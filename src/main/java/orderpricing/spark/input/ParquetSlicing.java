package orderpricing.spark.input;

import java.util.ArrayList;
import java.util.List;

/** A Parquet file as slices of consecutive row groups, each of about the split size (a bigger group is one slice). */
final class ParquetSlicing {
  private ParquetSlicing() {}

  static List<Slice> slices(InputFile file, ParquetFooters.Layout layout, long splitBytes) {
    List<Slice> slices = new ArrayList<>();
    long firstRow = 0, start = -1, end = -1, rows = 0;
    for (ParquetFooters.RowGroup g : layout.rowGroups()) {
      if (start >= 0 && g.start() + g.bytes() - start > splitBytes) {
        slices.add(new ParquetSlice(file, start, end - start, firstRow, rows, layout.columns()));
        firstRow += rows;
        start = -1;
        rows = 0;
      }
      if (start < 0) start = g.start();
      end = g.start() + g.bytes();
      rows += g.rows();
    }
    if (start >= 0) slices.add(new ParquetSlice(file, start, end - start, firstRow, rows, layout.columns()));
    return slices;
  }
}
