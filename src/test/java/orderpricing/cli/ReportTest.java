package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.List;
import orderpricing.pricing.PricedOrder;
import orderpricing.spark.JobResult;
import org.junit.jupiter.api.Test;

/** The summary printed at the end of a run: its preview table stays a table whatever the ids hold. */
class ReportTest {
  private static final List<String> COLUMNS = List.of("id", "total", "discount", "discount_amount", "tax", "price");

  private static PricedOrder order(String id) {
    return new PricedOrder(id, new BigDecimal("100.00"), new BigDecimal("0.10"), new BigDecimal("10.00"),
        new BigDecimal("9.00"), new BigDecimal("99.00"));
  }

  private static List<String> table(String... ids) {
    List<PricedOrder> preview = java.util.Arrays.stream(ids).map(ReportTest::order).toList();
    JobResult r = new JobResult(ids.length, ids.length, 0, 0, new BigDecimal("99.00"), 10, "out", "out/_rejects", COLUMNS, preview);
    StringWriter text = new StringWriter();
    Report.print(r, 10, new PrintWriter(text));
    List<String> lines = text.toString().lines().toList();
    return lines.subList(lines.indexOf("First rows:") + 1, lines.size());
  }

  @Test
  void eachCellIsOneLineCutAt40CharactersWithControlCharactersEscaped() {
    String huge = "H".repeat(100_000);
    List<String> table = table("line\nbreak", "cr\r\nlf", "tab\there", huge, "bell\u0007", "ORD-1");
    assertThat(table).hasSize(7); // the header and six rows: no line break of an id starts a line of its own
    assertThat(table).extracting(String::length).containsOnly(table.get(0).length()); // aligned
    assertThat(table.get(1)).startsWith("  line\\nbreak ");
    assertThat(table.get(2)).startsWith("  cr\\r\\nlf ");
    assertThat(table.get(3)).startsWith("  tab\\there ");
    assertThat(table.get(4)).startsWith("  " + "H".repeat(39) + "… ").endsWith("99.00");
    assertThat(table.get(5)).startsWith("  bell\\u0007 ");
    assertThat(table.get(6)).startsWith("  ORD-1 ");
  }

  @Test
  void shortValuesAndMoneyAreShownWhole() {
    assertThat(Report.cell("x".repeat(40))).isEqualTo("x".repeat(40));
    assertThat(Report.cell("x".repeat(41))).isEqualTo("x".repeat(39) + "…");
    assertThat(Report.cell(new BigDecimal("99999999999999999999999999999999999.999"))).isEqualTo("99999999999999999999999999999999999.999");
    assertThat(Report.cell("😀".repeat(50))).isEqualTo("😀".repeat(39) + "…"); // cut between characters, not inside one
    assertThat(Report.cell(null)).isEmpty();
  }
}
