package orderpricing.spark.internal;

import java.io.Serializable;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.paths.SparkPath;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.FileFormat;
import org.apache.spark.sql.execution.datasources.PartitionedFile;
import org.apache.spark.sql.execution.datasources.parquet.ParquetFileFormat;
import org.apache.spark.sql.execution.datasources.parquet.ParquetToSparkSchemaConverter;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Spark's own (vectorized) Parquet reader, applied to one byte range of one file: the row groups whose middle lies in
 * the range, in file order, as rows of the requested columns. Spark has no public API for reading a chosen range of
 * a file; its file sources plan their own splits and reorder them by size. The classes of this package are the only
 * code that uses Spark's internal APIs; {@code SparkInternalsTest} fails when an upgrade changes them.
 */
public final class SparkParquetReader implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Function1<PartitionedFile, Iterator<InternalRow>> read;

  private SparkParquetReader(Function1<PartitionedFile, Iterator<InternalRow>> read) {
    this.read = read;
  }

  /**
   * A reader of the given columns of files whose schema is {@code fileSchema}. Built on the driver (it takes the
   * session's Parquet settings and broadcasts the Hadoop configuration); used on the executors.
   */
  public static SparkParquetReader of(SparkSession spark, StructType fileSchema, StructType columns, Configuration conf) {
    scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.from(
        CollectionConverters.asScala(Map.of(FileFormat.OPTION_RETURNING_BATCH(), "false")));
    return new SparkParquetReader(new ParquetFileFormat().buildReaderWithPartitionValues(
        spark, fileSchema, new StructType(), columns, scala.collection.immutable.List$.MODULE$.empty(), options,
        new Configuration(conf))); // a copy: Spark sets the requested columns in it
  }

  /** Turns Parquet schemas into Spark schemas as the session's Parquet source would read them. */
  public static java.util.function.Function<MessageType, StructType> schemas(SparkSession spark) {
    ParquetToSparkSchemaConverter converter = new ParquetToSparkSchemaConverter(spark.sessionState().conf());
    return converter::convert;
  }

  /** The rows of the row groups in [start, start + length) of the file; each row is valid until the next is read. */
  public java.util.Iterator<InternalRow> read(String path, long start, long length, long fileSize) {
    PartitionedFile split = PartitionedFile.apply(InternalRow.empty(), SparkPath.fromPath(new Path(path)), start, length,
        new String[0], 0L, fileSize, scala.collection.immutable.Map$.MODULE$.empty());
    return CollectionConverters.asJava(read.apply(split));
  }

  /**
   * A value of a row the reader gave, copied out of the buffers the reader reuses for the next rows (strings,
   * structs, arrays and maps point into them).
   */
  public static Object copyOf(InternalRow row, int ordinal, org.apache.spark.sql.types.DataType type) {
    return row.isNullAt(ordinal) ? null : InternalRow.copyValue(row.get(ordinal, type));
  }
}
