package orderpricing.spark.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import orderpricing.read.RawRecord;
import orderpricing.read.RecordStep;
import orderpricing.spark.internal.SparkHash;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.connector.catalog.SupportsRead;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableCapability;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.connector.read.Batch;
import org.apache.spark.sql.connector.read.InputPartition;
import org.apache.spark.sql.connector.read.PartitionReader;
import org.apache.spark.sql.connector.read.PartitionReaderFactory;
import org.apache.spark.sql.connector.read.Scan;
import org.apache.spark.sql.connector.read.ScanBuilder;
import org.apache.spark.sql.connector.read.SupportsPushDownRequiredColumns;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * A Spark data source (DataSource V2) over a planned input: its partitions are the plan's, in the plan's order, which
 * Spark keeps (it reorders only the splits of its own file sources). Spark's reader API takes only strings, so
 * {@link #load} hands the plan over by a key that is dropped as soon as Spark holds the table: Spark resolves the
 * table inside {@code load()}, which StagedOrdersSourceTest pins. A query that needs
 * fewer columns (the duplicate count needs only ids) gets rows of just those.
 */
public final class StagedOrdersSource implements TableProvider {
  private static final Map<String, Staging> PLANS = new ConcurrentHashMap<>();

  /** A plan, and where its readers report each partition's profile and id hashes (null when no one asks). */
  private record Staging(InputPlan plan, Profile.Collector profiles, IdHashes hashes) {}

  /** The staged rows of every input record, in input order, one partition per planned partition. */
  public static Dataset<Row> load(SparkSession spark, InputPlan plan) {
    return load(spark, plan, null);
  }

  /** The same, with each partition's profile reported to {@code profiles} as it is read to the end. */
  public static Dataset<Row> load(SparkSession spark, InputPlan plan, Profile.Collector profiles) {
    return load(spark, plan, profiles, null);
  }

  /** The same, with each partition's id hashes reported to {@code hashes} too, when it is not null. */
  public static Dataset<Row> load(SparkSession spark, InputPlan plan, Profile.Collector profiles, IdHashes hashes) {
    String key = UUID.randomUUID().toString();
    PLANS.put(key, new Staging(plan, profiles, hashes));
    try {
      return spark.read().format(StagedOrdersSource.class.getName()).option("plan", key).load();
    } finally {
      PLANS.remove(key);
    }
  }

  /**
   * Reads every record of the plan in this process, through the same readers as the tasks, each partition's profile
   * reported to {@code profiles}; returns the records' ids (null where a record has none). For an input so small that
   * a Spark job's planning and code generation cost more than reading it.
   */
  public static List<UTF8String> idsReadHere(SparkSession spark, InputPlan plan, Profile.Collector profiles) throws IOException {
    int[] fields = {StagedColumns.ID};
    Readers readers = readers(spark, plan, fields, profiles, null);
    List<UTF8String> ids = new java.util.ArrayList<>();
    List<List<Slice>> partitions = plan.partitions();
    for (int i = 0; i < partitions.size(); i++) {
      try (PartitionReader<InternalRow> reader = readers.createReader(new SliceGroup(i, partitions.get(i)))) {
        while (reader.next()) ids.add(reader.get().isNullAt(0) ? null : reader.get().getUTF8String(0).clone());
      }
    }
    return ids;
  }

  /** Plans handed over and not yet dropped: none once every {@link #load} has returned. */
  static int plansInHandOff() {
    return PLANS.size();
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return staging(options).plan().columns().schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new StagedTable(staging(new CaseInsensitiveStringMap(properties)));
  }

  private static Staging staging(CaseInsensitiveStringMap options) {
    Staging staging = PLANS.get(options.get("plan"));
    if (staging == null) throw new IllegalStateException("no planned input under key " + options.get("plan"));
    return staging;
  }

  private record StagedTable(Staging staging) implements Table, SupportsRead {
    @Override public String name() { return "staged orders (" + staging.plan().files().size() + " input files)"; }
    @Override public StructType schema() { return staging.plan().columns().schema(); }
    @Override public Set<TableCapability> capabilities() { return Set.of(TableCapability.BATCH_READ); }
    @Override public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) { return new StagedScan(staging, schema()); }
  }

  /** One scan of the table: its columns, its partitions in input order. */
  private static final class StagedScan implements ScanBuilder, SupportsPushDownRequiredColumns, Scan, Batch {
    private final Staging staging;
    private StructType columns;

    StagedScan(Staging staging, StructType columns) {
      this.staging = staging;
      this.columns = columns;
    }

    @Override public void pruneColumns(StructType required) { columns = required; }
    @Override public Scan build() { return this; }
    @Override public StructType readSchema() { return columns; }
    @Override public Batch toBatch() { return this; }
    @Override public String description() { return "staged orders, " + staging.plan().partitionCount() + " partitions in input order"; }

    @Override
    public InputPartition[] planInputPartitions() {
      List<List<Slice>> partitions = staging.plan().partitions();
      InputPartition[] out = new InputPartition[partitions.size()];
      for (int i = 0; i < out.length; i++) out[i] = new SliceGroup(i, partitions.get(i));
      return out;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      StructType all = staging.plan().columns().schema();
      int[] fields = Arrays.stream(columns.fieldNames()).mapToInt(all::fieldIndex).toArray();
      return readers(SparkSession.active(), staging.plan(), fields, staging.profiles(), staging.hashes());
    }
  }

  /**
   * Readers of the plan's rows of these fields. Readers that profile their records judge every one, so they read the
   * order's columns whatever the query needs.
   */
  private static Readers readers(SparkSession spark, InputPlan plan, int[] fields, Profile.Collector profiles, IdHashes hashes) {
    int[] read = profiles == null ? fields : java.util.stream.IntStream.concat(Arrays.stream(fields),
        java.util.stream.IntStream.of(StagedColumns.ID, StagedColumns.TOTAL, StagedColumns.DISCOUNT, StagedColumns.PROBLEM)).distinct().toArray();
    return new Readers(plan.context(spark, read), fields, profiles, hashes);
  }

  /** One partition: consecutive slices, read in order by one task. */
  record SliceGroup(int index, List<Slice> slices) implements InputPartition {}

  private record Readers(SliceContext context, int[] fields, Profile.Collector profiles, IdHashes hashes) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      return new SliceGroupReader((SliceGroup) partition, context, fields, profiles, hashes);
    }
  }

  /**
   * Reads a partition's slices one after another, closing each when it is done, and passes their records through
   * the run's step. The step may read ahead (a batch of customers at a time), so each record's input file is
   * remembered in order until the record comes out.
   */
  private static final class SliceGroupReader implements PartitionReader<InternalRow> {
    private final SliceGroup group;
    private final SliceContext context;
    private final int[] fields;
    private final Profile.Collector profiles;
    private final Profile.Builder profile = new Profile.Builder();
    private final IdHashes hashes;
    /** Where the id is in the rows, or -1 when the query does not read it (then no hashes are reported). */
    private final int idField;
    private final IdHashes.Builder idHashes = new IdHashes.Builder();
    private final SourceRuns sources = new SourceRuns();
    private final SliceRecords slices = new SliceRecords();
    private final Iterator<RawRecord> records;
    /** No step and no profile between the reader and the row: each slice stages its rows itself. */
    private final boolean direct;
    private int next;
    private Slice.Records open;
    private InternalRow row;

    SliceGroupReader(SliceGroup group, SliceContext context, int[] fields, Profile.Collector profiles, IdHashes hashes) {
      this.group = group;
      this.hashes = hashes;
      this.idField = Arrays.stream(fields).boxed().toList().indexOf(StagedColumns.ID);
      this.context = context;
      this.fields = fields;
      this.profiles = profiles;
      this.records = context.step().apply(slices);
      this.direct = context.step() == RecordStep.NONE && profiles == null;
    }

    @Override
    public boolean next() throws IOException {
      try {
        if (direct ? !slices.hasNext() : !records.hasNext()) {
          if (profiles != null) profiles.add(group.index(), profile.build());
          if (hashes != null && idField >= 0) hashes.add(group.index(), idHashes.sorted());
          return false;
        }
        if (direct) {
          row = slices.nextRow();
        } else {
          RawRecord r = records.next();
          int source = sources.take();
          if (profiles != null) profile.add(source, r);
          row = context.columns().row(source, r, fields);
        }
        if (hashes != null && idField >= 0 && !row.isNullAt(idField)) idHashes.add(SparkHash.xxhash64(row.getUTF8String(idField)));
        return true;
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }

    @Override
    public InternalRow get() {
      return row;
    }

    @Override
    public void close() throws IOException {
      if (open != null) {
        Slice.Records done = open;
        open = null;
        done.close();
      }
    }

    /** The records of the partition's slices, in order, each noted with its file as it is read. */
    private final class SliceRecords implements Iterator<RawRecord> {
      private int source;

      @Override
      public boolean hasNext() {
        try {
          while (open == null || !open.hasNext()) {
            close();
            if (next == group.slices().size()) return false;
            Slice slice = group.slices().get(next++);
            source = slice.file().index();
            open = slice.open(context);
          }
          return true;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public RawRecord next() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        sources.add(source);
        return open.next();
      }

      InternalRow nextRow() {
        if (!hasNext()) throw new java.util.NoSuchElementException();
        return open.nextRow(source, context);
      }
    }
  }

  /**
   * Input files of records read but not yet staged, in order, as runs of one file: a few entries, not one per record.
   * An emptied run stays at the tail, so a reader without read-ahead reuses one entry for a whole file.
   */
  private static final class SourceRuns {
    private final java.util.ArrayDeque<int[]> runs = new java.util.ArrayDeque<>(); // {source, records}

    void add(int source) {
      int[] last = runs.peekLast();
      if (last != null && last[0] == source) last[1]++;
      else runs.addLast(new int[] {source, 1});
    }

    int take() {
      int[] first;
      while ((first = runs.peekFirst()) != null && first[1] == 0) runs.pollFirst();
      if (first == null) throw new IllegalStateException("a record step gave more records than it was given");
      first[1]--;
      return first[0];
    }
  }
}
