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
    assertThat(spec).usingRecursiveComparison().isEqualTo(new JobSpec(List.of("in.json"), null, "out/", DataFormat.PARQUET, "out/_rejects", false,
        OnInvalid.REJECT, Pricing.standard(), 5, null, null, List.of(), RejectLimit.none()));
  }

  @Test
  void toBuilderKeepsEveryValueAndChangesOnlyWhatIsSet() {
    JobSpec spec = JobSpec.builder(List.of("a.csv", "b.json"), "out").inputFormat(DataFormat.CSV).outputFormat(DataFormat.JSON)
        .rejects("bad").overwrite(true).onInvalid(OnInvalid.FAIL).previewRows(0).ratesLookup(RatesLookup.BROADCAST)
        .keepColumns(List.of("region")).maxRejects(new RejectLimit.Count(7)).build();
    assertThat(spec.toBuilder().build()).isEqualTo(spec);
    JobSpec csv = spec.toBuilder().outputFormat(DataFormat.CSV).build();
    assertThat(csv.outputFormat()).isEqualTo(DataFormat.CSV);
    assertThat(csv.toBuilder().outputFormat(DataFormat.JSON).build()).isEqualTo(spec);
  }

  @Test
  void buildChecksTheSpec() {
    assertThatThrownBy(() -> JobSpec.builder(List.of(), "out").build()).hasMessage("at least one input is needed");
    assertThatThrownBy(() -> JobSpec.builder(List.of("in"), "out").outputFormat(null).build()).hasMessage("outputFormat");
    assertThatThrownBy(() -> JobSpec.builder(List.of("in"), "out").keepColumns(List.of("a", "A")).build()).hasMessage("A is named twice");
    assertThat(JobSpec.builder(List.of("in"), "out").previewRows(-3).build().previewRows()).isZero();
  }
}
