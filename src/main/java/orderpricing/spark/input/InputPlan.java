package orderpricing.spark.input;

import orderpricing.read.RecordStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import orderpricing.read.DataFormat;
import orderpricing.spark.internal.SparkParquetReader;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.network.util.JavaUtils;
import org.apache.spark.sql.SparkSession;
import orderpricing.errors.InputFileException;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The inputs cut into slices and packed into partitions in input order: partition i holds slices that all come
 * before those of partition i + 1, so a task per partition, in partition order, reads the inputs in input order.
 * Every file, whatever its format or size, gives every core a share: Parquet by row groups, text by line ranges.
 * Partitions are sized as Spark sizes its own file splits ({@code spark.sql.files.maxPartitionBytes},
 * {@code openCostInBytes}, at least one partition a core for big inputs).
 */
public final class InputPlan {
  private final List<InputFile> files;
  private final StagedColumns columns;
  private final List<List<Slice>> partitions;
  private final boolean typesDeclared;
  private final long declaredRecords;
  private final boolean validByStatistics;
  private final RecordStep step;

  private InputPlan(List<InputFile> files, StagedColumns columns, List<List<Slice>> partitions, boolean typesDeclared,
      long declaredRecords, boolean validByStatistics, RecordStep step) {
    this.files = List.copyOf(files);
    this.columns = columns;
    this.partitions = partitions;
    this.typesDeclared = typesDeclared;
    this.declaredRecords = declaredRecords;
    this.validByStatistics = validByStatistics;
    this.step = step;
  }

  public static InputPlan of(SparkSession spark, List<InputFile> files) {
    return of(spark, files, List.of());
  }

  /** The plan of the given files, reading also the {@code keep} columns, which every file must have. */
  public static InputPlan of(SparkSession spark, List<InputFile> files, List<String> keep) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    SplitSize split = SplitSize.of(spark, files);
    Map<InputFile, ParquetFooters.Layout> footers = footers(files, conf, SparkParquetReader.schemas(spark), keep);
    Map<InputFile, List<LineCounts.Count>> counts = lineCounts(spark, files, split.bytes());
    List<Slice> slices = new ArrayList<>();
    for (InputFile f : files) {
      slices.addAll(switch (f.format()) {
        case PARQUET -> ParquetSlicing.slices(f, footers.get(f), split.bytes());
        case JSON, CSV -> TextSlicing.slices(f, counts.get(f), split.bytes());
      });
    }
    boolean declared = files.stream().allMatch(f -> f.format() == DataFormat.PARQUET
        && footers.get(f).columns().declared("total") != null && footers.get(f).columns().declared("discount") != null);
    long records = declared ? footers.values().stream().flatMap(l -> l.rowGroups().stream()).mapToLong(ParquetFooters.RowGroup::rows).sum() : -1;
    StructType kept = keptSchema(files, footers, keep);
    StagedColumns columns = declared
        ? new StagedColumns(widest(files, footers, "total"), widest(files, footers, "discount"), kept)
        : new StagedColumns(StagedColumns.WIDEST, StagedColumns.WIDEST, kept);
    boolean valid = declared && files.stream().allMatch(f -> footers.get(f).validByStatistics());
    return new InputPlan(files, columns, split.pack(slices), declared, records, valid, RecordStep.NONE);
  }

  /** The same plan, staging its decimals at the given types (which a {@link Profile} found to hold every value). */
  public InputPlan withColumns(StagedColumns sized) {
    return new InputPlan(files, columns.withDecimalsOf(sized), partitions, typesDeclared, declaredRecords, validByStatistics, step);
  }

  /**
   * The same plan, each task's records passed through {@code step} as they are read; the staged discounts are of
   * type {@code discount}, which holds what the step gives them too.
   */
  public InputPlan withStep(RecordStep step, DecimalType discount) {
    StagedColumns stepped = new StagedColumns(columns.total(), discount, columns.kept());
    return new InputPlan(files, stepped, partitions, typesDeclared, declaredRecords, validByStatistics, step);
  }

  /** Whether each record is passed through a step as it is read (given its customer's rate). */
  public boolean stepped() {
    return step != RecordStep.NONE;
  }

  /**
   * Fails, naming the first file in input order, when the records of a file lack a kept column altogether (JSON has
   * no header: a column is missing when no record of the file has it).
   */
  public void requireKeptColumns(Profile profile) {
    StructType kept = columns.kept();
    profile.firstMissing(kept.size()).ifPresent(m -> {
      throw new InputFileException(files.get(m.source()).displayName(), "no record has a " + kept.fields()[m.column()].name() + " column to keep");
    });
  }

  /**
   * What the tasks that read this plan need: its columns, Hadoop's settings, Spark's Parquet readers of the columns
   * the query needs, and which staged fields the query reads.
   */
  SliceContext context(SparkSession spark, int[] fieldsRead) {
    Map<StructType, SparkParquetReader> parquet = new HashMap<>();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    for (List<Slice> partition : partitions) {
      for (Slice s : partition) {
        if (s instanceof ParquetSlice p) {
          ParquetColumns read = p.columns().forFields(fieldsRead);
          parquet.computeIfAbsent(read.read(), c -> SparkParquetReader.of(spark, c, c, conf));
        }
      }
    }
    return new SliceContext(columns, HadoopSettings.of(spark), parquet, step, fieldsRead);
  }

  public List<InputFile> files() {
    return files;
  }

  public StagedColumns columns() {
    return columns;
  }

  List<List<Slice>> partitions() {
    return partitions;
  }

  public int partitionCount() {
    return partitions.size();
  }

  /** The input files' bytes, all together. */
  public long bytes() {
    return files.stream().mapToLong(InputFile::length).sum();
  }

  /** True when every input declares exact decimal types (Parquet DECIMAL or integers): nothing to measure. */
  public boolean typesDeclared() {
    return typesDeclared;
  }

  /**
   * True when the inputs declare their types and their Parquet statistics prove every record a valid order: a run
   * that must know its invalid records before writing need not read them for it (its pricing still checks each one).
   */
  public boolean validByStatistics() {
    return validByStatistics;
  }

  /** The records the Parquet footers declare, when {@link #typesDeclared()}. */
  public long declaredRecords() {
    if (!typesDeclared) throw new IllegalStateException("only Parquet inputs with declared decimal types declare their record count");
    return declaredRecords;
  }

  private static Map<InputFile, ParquetFooters.Layout> footers(List<InputFile> files, Configuration conf,
      java.util.function.Function<org.apache.parquet.schema.MessageType, org.apache.spark.sql.types.StructType> schemas,
      List<String> keep) {
    List<InputFile> parquet = files.stream().filter(f -> f.format() == DataFormat.PARQUET).toList();
    List<ParquetFooters.Layout> layouts = ParquetFooters.read(parquet, conf, schemas, keep);
    Map<InputFile, ParquetFooters.Layout> byFile = new HashMap<>();
    for (int i = 0; i < parquet.size(); i++) byFile.put(parquet.get(i), layouts.get(i));
    return byFile;
  }

  /**
   * Line counts of the text files big enough to be cut; a smaller one is one slice and needs none, and so is a
   * compressed one: it is read from its start (gzip and zstd cannot be entered part way; bzip2 could, but one slice
   * keeps its positions simply exact).
   */
  private static Map<InputFile, List<LineCounts.Count>> lineCounts(SparkSession spark, List<InputFile> files, long splitBytes) {
    List<LineCounts.Chunk> chunks = new ArrayList<>();
    for (InputFile f : files) {
      if (f.format() != DataFormat.PARQUET && !f.compressed() && f.length() > splitBytes) chunks.addAll(LineCounts.chunks(f, splitBytes));
    }
    List<LineCounts.Count> counts = LineCounts.count(spark, chunks, HadoopSettings.of(spark));
    Map<InputFile, List<LineCounts.Count>> byFile = new HashMap<>();
    for (int i = 0; i < chunks.size(); i++) byFile.computeIfAbsent(chunks.get(i).file(), f -> new ArrayList<>()).add(counts.get(i));
    return byFile;
  }

  /**
   * The kept columns' types: text keeps values as strings, Parquet its own types. A column must have one type in
   * every file; a file where it differs from the first file's is named.
   */
  private static StructType keptSchema(List<InputFile> files, Map<InputFile, ParquetFooters.Layout> footers, List<String> keep) {
    StructType kept = null;
    InputFile first = null;
    for (InputFile f : files) {
      StructType k = f.format() == DataFormat.PARQUET ? footers.get(f).columns().keptSchema() : textColumns(keep);
      if (kept == null) {
        kept = k;
        first = f;
        continue;
      }
      for (int i = 0; i < keep.size(); i++) {
        DataType here = k.fields()[i].dataType(), there = kept.fields()[i].dataType();
        if (!here.catalogString().equals(there.catalogString())) {
          throw new InputFileException(f.displayName(), "column " + keep.get(i) + " to keep has type " + here.simpleString()
              + ", but " + there.simpleString() + " in " + first.displayName());
        }
      }
    }
    if (kept == null) return textColumns(keep);
    StructType nullable = new StructType(); // a column required in one file may be absent in another's rows
    for (StructField f : kept.fields()) nullable = nullable.add(f.name(), f.dataType(), true, f.metadata());
    return nullable;
  }

  private static StructType textColumns(List<String> names) {
    StructType s = new StructType();
    for (String n : names) s = s.add(n, DataTypes.StringType, true);
    return s;
  }

  /** The narrowest decimal holding every file's declared type exactly. */
  private static DecimalType widest(List<InputFile> files, Map<InputFile, ParquetFooters.Layout> footers, String column) {
    int integer = 1, scale = 0;
    for (InputFile f : files) {
      DecimalType t = footers.get(f).columns().declared(column);
      integer = Math.max(integer, t.precision() - t.scale());
      scale = Math.max(scale, t.scale());
    }
    return DataTypes.createDecimalType(integer + scale, scale);
  }

  /** Spark's own sizing of file splits, from its settings, applied to slices that must stay in order. */
  record SplitSize(long bytes, long openCost) {
    static SplitSize of(SparkSession spark, List<InputFile> files) {
      long maxPartition = JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.maxPartitionBytes", "128m"));
      long openCost = JavaUtils.byteStringAsBytes(spark.conf().get("spark.sql.files.openCostInBytes", "4m"));
      scala.Option<String> minPartitions = spark.conf().getOption("spark.sql.files.minPartitionNum");
      int cores = minPartitions.isDefined() ? Integer.parseInt(minPartitions.get().strip()) : spark.sparkContext().defaultParallelism();
      long total = files.stream().mapToLong(f -> f.length() + openCost).sum();
      long perCore = total / Math.max(1, cores);
      return new SplitSize(Math.max(1, Math.min(maxPartition, Math.max(openCost, perCore))), openCost);
    }

    /** Consecutive slices into partitions of about {@link #bytes()}, each file opening costing {@link #openCost()}. */
    List<List<Slice>> pack(List<Slice> slices) {
      List<List<Slice>> partitions = new ArrayList<>();
      List<Slice> current = new ArrayList<>();
      long size = 0;
      for (Slice s : slices) {
        if (!current.isEmpty() && size + s.bytes() > bytes) {
          partitions.add(current);
          current = new ArrayList<>();
          size = 0;
        }
        current.add(s);
        size += s.bytes() + openCost;
      }
      if (!current.isEmpty()) partitions.add(current);
      return partitions;
    }
  }
}
