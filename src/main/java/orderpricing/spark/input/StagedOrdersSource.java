package orderpricing.spark.input;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;

/**
 * A Spark data source (DataSource V2) over a planned input: its partitions are the plan's, in the plan's order, which
 * Spark keeps (it reorders only the splits of its own file sources). Spark's reader API takes only strings, so
 * {@link #load} hands the plan over by a key that is dropped as soon as Spark holds the table.
 */
public final class StagedOrdersSource implements TableProvider {
  private static final Map<String, InputPlan> PLANS = new ConcurrentHashMap<>();

  /** The staged rows of every input record, in input order, one partition per planned partition. */
  public static Dataset<Row> load(SparkSession spark, InputPlan plan) {
    String key = UUID.randomUUID().toString();
    PLANS.put(key, plan);
    try {
      return spark.read().format(StagedOrdersSource.class.getName()).option("plan", key).load();
    } finally {
      PLANS.remove(key);
    }
  }

  @Override
  public StructType inferSchema(CaseInsensitiveStringMap options) {
    return plan(options).columns().schema();
  }

  @Override
  public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
    return new StagedTable(plan(new CaseInsensitiveStringMap(properties)));
  }

  private static InputPlan plan(CaseInsensitiveStringMap options) {
    InputPlan plan = PLANS.get(options.get("plan"));
    if (plan == null) throw new IllegalStateException("no planned input under key " + options.get("plan"));
    return plan;
  }

  /** The table, its one scan and its one batch: nothing to push down, nothing to prune. */
  private static final class StagedTable implements Table, SupportsRead, ScanBuilder, Scan, Batch {
    private final InputPlan plan;

    StagedTable(InputPlan plan) {
      this.plan = plan;
    }

    @Override public String name() { return "staged orders (" + plan.files().size() + " input files)"; }
    @Override public StructType schema() { return plan.columns().schema(); }
    @Override public Set<TableCapability> capabilities() { return Set.of(TableCapability.BATCH_READ); }
    @Override public ScanBuilder newScanBuilder(CaseInsensitiveStringMap options) { return this; }
    @Override public Scan build() { return this; }
    @Override public StructType readSchema() { return schema(); }
    @Override public Batch toBatch() { return this; }
    @Override public String description() { return name() + ", " + plan.partitionCount() + " partitions in input order"; }

    @Override
    public InputPartition[] planInputPartitions() {
      List<List<Slice>> partitions = plan.partitions();
      InputPartition[] out = new InputPartition[partitions.size()];
      for (int i = 0; i < out.length; i++) out[i] = new SliceGroup(partitions.get(i));
      return out;
    }

    @Override
    public PartitionReaderFactory createReaderFactory() {
      return new Readers(plan.context(SparkSession.active()));
    }
  }

  /** One partition: consecutive slices, read in order by one task. */
  record SliceGroup(List<Slice> slices) implements InputPartition {}

  private record Readers(SliceContext context) implements PartitionReaderFactory {
    @Override
    public PartitionReader<InternalRow> createReader(InputPartition partition) {
      return new SliceGroupReader(((SliceGroup) partition).slices(), context);
    }
  }

  /** Reads a partition's slices one after another, closing each when it is done. */
  private static final class SliceGroupReader implements PartitionReader<InternalRow> {
    private final List<Slice> slices;
    private final SliceContext context;
    private int next;
    private Slice current;
    private Slice.Records records;
    private InternalRow row;

    SliceGroupReader(List<Slice> slices, SliceContext context) {
      this.slices = slices;
      this.context = context;
    }

    @Override
    public boolean next() throws java.io.IOException {
      while (true) {
        if (records != null && records.hasNext()) {
          row = context.columns().row(current.file().index(), records.next());
          return true;
        }
        close();
        if (next == slices.size()) return false;
        current = slices.get(next++);
        records = current.open(context);
      }
    }

    @Override
    public InternalRow get() {
      return row;
    }

    @Override
    public void close() throws java.io.IOException {
      if (records != null) {
        Slice.Records done = records;
        records = null;
        done.close();
      }
    }
  }
}
