package orderpricing.spark.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import orderpricing.errors.InputFileException;
import java.util.function.Function;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.types.StructType;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Reads the footers of Parquet inputs on a bounded pool of named threads, many at a time, and keeps of each only what
 * planning needs: its order columns and its row groups. A truncated or corrupt file is named in one line here,
 * before any task starts.
 */
final class ParquetFooters {
  /** Footer reads in flight at once: they wait on storage, not on the CPU. */
  private static final int THREADS = 16;

  private ParquetFooters() {}

  /** One row group: where its bytes start, how many there are, and its rows. */
  record RowGroup(long start, long bytes, long rows) {}

  /**
   * What planning keeps of one footer; {@code validByStatistics} when its statistics prove every row a valid order
   * ({@link ValidByStatistics}).
   */
  record Layout(ParquetColumns columns, List<RowGroup> rowGroups, boolean validByStatistics) {}

  static List<Layout> read(List<InputFile> files, Configuration conf, Function<MessageType, StructType> schemas, List<String> keep) {
    if (files.isEmpty()) return List.of();
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, files.size()), r -> {
      Thread t = new Thread(r, "order-pricing-footers-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Layout>> pending = new ArrayList<>();
      for (InputFile f : files) pending.add(pool.submit(() -> layout(f, conf, schemas, keep)));
      List<Layout> layouts = new ArrayList<>();
      for (Future<Layout> f : pending) layouts.add(f.get());
      return layouts;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading Parquet footers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Layout layout(InputFile file, Configuration conf, Function<MessageType, StructType> schemas, List<String> keep) {
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(new Path(file.path()), conf))) {
      footer = reader.getFooter();
    } catch (IOException | RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof java.nio.file.AccessDeniedException || why.contains("Permission denied")) {
        throw new InputFileException(file.displayName(), "permission denied", e);
      }
      throw new InputFileException(file.displayName(), "not a readable Parquet file (" + why.replace(file.path(), "").strip() + ")", e);
    }
    ParquetColumns columns = ParquetColumns.of(file, schemas.apply(footer.getFileMetaData().getSchema()), keep);
    List<RowGroup> groups = new ArrayList<>();
    boolean valid = true;
    for (BlockMetaData b : footer.getBlocks()) {
      groups.add(new RowGroup(b.getStartingPos(), b.getCompressedSize(), b.getRowCount()));
      valid &= ValidByStatistics.rowGroup(b);
    }
    return new Layout(columns, groups, valid);
  }
}
