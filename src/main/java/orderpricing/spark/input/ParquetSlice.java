package orderpricing.spark.input;

import java.io.IOException;
import java.util.Iterator;
import orderpricing.pricing.OrderValidator;
import orderpricing.errors.InputFileException;
import orderpricing.read.RawRecord;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * Consecutive row groups of a Parquet file: the bytes [start, start + length), whose first row is row
 * {@code firstRow + 1} of the file. Read by Spark's own Parquet reader.
 */
record ParquetSlice(InputFile file, long start, long length, long firstRow, long rows, ParquetColumns columns) implements Slice {
  @Override
  public long bytes() {
    return length;
  }

  @Override
  public Records open(SliceContext context) {
    ParquetColumns columns = this.columns.forFields(context.fieldsRead());
    Iterator<InternalRow> in = context.parquetReader(columns.read()).read(file.path(), start, length, file.length());
    boolean kept = context.reads(StagedColumns.KEPT);
    DeclaredRows declared = DeclaredRows.of(columns, context.columns(), context.fieldsRead());
    return new Records() {
      private long position = firstRow;

      @Override
      public boolean hasNext() {
        boolean more;
        try {
          more = in.hasNext();
        } catch (Exception e) {
          throw unreadable(e);
        }
        if (!more && position != firstRow + rows) {
          throw new InputFileException(file.displayName(), "row groups hold " + (position - firstRow) + " rows, the footer says " + rows);
        }
        return more;
      }

      @Override
      public RawRecord next() {
        return record(read());
      }

      @Override
      public InternalRow nextRow(int source, SliceContext context) {
        InternalRow row = read();
        InternalRow staged = declared == null ? null : declared.stage(row, source, position);
        return staged != null ? staged : context.columns().row(source, record(row), context.fieldsRead());
      }

      private InternalRow read() {
        InternalRow row;
        try {
          row = in.next();
        } catch (Exception e) {
          throw unreadable(e);
        }
        position++;
        return row;
      }

      private RawRecord record(InternalRow row) {
        String id = columns.id(row);
        ParquetColumns.NumberValue total = columns.total(row);
        ParquetColumns.NumberValue discount = columns.discount(row);
        String problem = OrderValidator.first(
            OrderValidator.idProblem(id),
            total.problem(), OrderValidator.totalProblem(total.value()),
            discount.problem(), OrderValidator.discountProblem(discount.value()));
        boolean valid = problem == null;
        return new RawRecord(position, id, valid ? total.value() : null, valid ? discount.value() : null, problem,
            valid ? null : columns.json(row), columns.customerId(row), kept ? columns.kept(row) : null);
      }

      /** A page that does not decode (its footer read well): the file is named, in one line. */
      private RuntimeException unreadable(Exception e) {
        if (e instanceof RuntimeException r && !(r instanceof org.apache.parquet.io.ParquetDecodingException)) return r;
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip().lines().findFirst().orElse("");
        return new InputFileException(file.displayName(), "row groups from row " + (firstRow + 1) + " do not read (" + why + ")", e);
      }

      @Override
      public void close() throws IOException {
        if (in instanceof java.io.Closeable c) c.close();
      }
    };
  }
}
