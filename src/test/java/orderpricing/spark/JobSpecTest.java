package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import orderpricing.pricing.Pricing;
import orderpricing.rates.RatesLookup;
import orderpricing.read.DataFormat;
import org.junit.jupiter.api.Test;

/** The builder's defaults are the command line's, and every spec it makes is checked by the spec's constructor. */
class JobSpecTest {

  @Test
  void theDefaultsAreTheCommandLines() {
    JobSpec spec = JobSpec.of(List.of("in.json"), "out/");
    // Pricing has no equals of its own: compared field by field.
    assertThat(spec).usingRecursiveComparison().isEqualTo(new JobSpec(List.of("in.json"), null, "out/", OutputFormat.PARQUET, "out/_rejects",
        WriteMode.CREATE, OnInvalid.REJECT, Pricing.standard(), 5, null, null, List.of(), RejectLimit.none(), List.of(), null,
        FileSelection.ALL, false));
  }

  @Test
  void toBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
    JobSpec spec = JobSpec.builder(List.of("a.csv", "b.json"), "out").inputFormat(DataFormat.CSV).outputFormat(DataFormat.JSON)
        .rejects("bad").overwrite(true).onInvalid(OnInvalid.FAIL).previewRows(0).ratesLookup(RatesLookup.BROADCAST)
        .keepColumns(List.of("region")).maxRejects(new RejectLimit.Count(7)).partitionBy(List.of("region")).sourceColumns(true).build();
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
    JobSpec csv = spec.toBuilder().outputFormat(DataFormat.CSV).build();
    assertThat(csv.outputFormat()).isEqualTo(OutputFormat.CSV);
    JobSpec table = spec.toBuilder().outputFormat(OutputFormat.DELTA).mode(WriteMode.APPEND).runId("day-1").files(FileSelection.NEW).build();
    assertThat(table.toBuilder().build()).isEqualTo(table);
    assertThat(csv.toBuilder().outputFormat(DataFormat.JSON).build()).isEqualTo(spec);
  }

  @Test
  void buildChecksTheSpec() {
    assertThatThrownBy(() -> JobSpec.builder(List.of(), "out").build()).hasMessage("at least one input is needed");
    assertThatThrownBy(() -> JobSpec.builder(List.of("in"), "out").outputFormat((OutputFormat) null).build()).hasMessage("outputFormat");
    assertThatThrownBy(() -> JobSpec.builder(List.of("in"), "out").keepColumns(List.of("a", "A")).build()).hasMessage("A is named twice");
    assertThat(JobSpec.builder(List.of("in"), "out").previewRows(-3).build().previewRows()).isZero();
  }

  @Test
  void whatOnlyATableDoesIsRefusedForADirectory() {
    JobSpec.Builder dir = JobSpec.builder(List.of("in"), "out").outputFormat(DataFormat.JSON);
    assertThatThrownBy(() -> dir.mode(WriteMode.APPEND).build()).hasMessage("appending needs a table: output format delta, not a json directory");
    assertThatThrownBy(() -> dir.mode(new WriteMode.ReplaceWhere("d = '1'")).build()).hasMessageStartingWith("replacing some rows needs a table");
    assertThatThrownBy(() -> dir.mode(WriteMode.CREATE).runId("r").build()).hasMessageStartingWith("a run id needs a table");
    JobSpec.Builder table = JobSpec.builder(List.of("in"), "out").outputFormat(OutputFormat.DELTA);
    assertThatThrownBy(() -> table.files(FileSelection.NEW).build()).hasMessage("only new files are priced when appending");
    assertThatThrownBy(() -> table.files(FileSelection.NEW).mode(WriteMode.OVERWRITE).build()).hasMessage("only new files are priced when appending");
    assertThat(table.files(FileSelection.NEW).mode(WriteMode.APPEND).build().files()).isEqualTo(FileSelection.NEW);
    assertThatThrownBy(() -> table.runId(" ").build()).hasMessage("an empty run id");
  }

  @Test
  void partitionsAreKeptColumnsAndSourceColumnsClashWithNone() {
    JobSpec.Builder spec = JobSpec.builder(List.of("in"), "out").keepColumns(List.of("order_date", "region"));
    assertThatThrownBy(() -> spec.partitionBy(List.of("day")).build()).hasMessage("partition column day is not a kept column");
    assertThatThrownBy(() -> spec.partitionBy(List.of("region", "region")).build()).hasMessage("partition column region is named twice");
    assertThat(spec.partitionBy(List.of("order_date")).build().partitionBy()).containsExactly("order_date");
    assertThatThrownBy(() -> JobSpec.builder(List.of("in"), "out").keepColumns(List.of("Source")).sourceColumns(true).build())
        .hasMessage("kept column Source has the name of a source column");
  }
}
