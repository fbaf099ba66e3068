package orderpricing.spark.input;

import orderpricing.read.RecordStep;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import orderpricing.spark.internal.SparkParquetReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.types.StructType;

/**
 * What a task needs to read slices: the staged columns, the Hadoop settings (as plain strings: Configuration is not
 * serializable), Spark's Parquet readers, one for each set of columns the Parquet inputs have, and the step the
 * records go through.
 */
public final class SliceContext implements Serializable {
  private static final long serialVersionUID = 1L;

  private final StagedColumns columns;
  private final HadoopSettings hadoopSettings;
  private final Map<StructType, SparkParquetReader> parquetReaders;
  private final RecordStep step;
  private final int[] fieldsRead;

  SliceContext(StagedColumns columns, HadoopSettings hadoopSettings, Map<StructType, SparkParquetReader> parquetReaders,
      RecordStep step, int[] fieldsRead) {
    this.columns = columns;
    this.hadoopSettings = hadoopSettings;
    this.parquetReaders = new HashMap<>(parquetReaders);
    this.step = step;
    this.fieldsRead = fieldsRead.clone();
  }

  /**
   * Whether the query reads this staged field ({@link StagedColumns#KEPT}, {@link StagedColumns#RECORD}): a Parquet
   * slice copies kept values out of the reader's buffers, and reads every column of a file for the rejects' records,
   * only for the queries that use them. Text readers take both anyway, as they come with each line.
   */
  boolean reads(int field) {
    for (int f : fieldsRead) if (f == field) return true;
    return false;
  }

  /** The staged fields the query reads (indices into {@link StagedColumns#schema()}); not to be changed. */
  int[] fieldsRead() {
    return fieldsRead;
  }

  /** What each task does to its records before they are staged. */
  RecordStep step() {
    return step;
  }

  StagedColumns columns() {
    return columns;
  }

  Configuration conf() {
    return hadoopSettings.conf();
  }

  SparkParquetReader parquetReader(StructType fileColumns) {
    return parquetReaders.get(fileColumns);
  }
}
