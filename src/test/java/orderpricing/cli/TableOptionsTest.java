package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import orderpricing.spark.SharedSpark;
import orderpricing.spark.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The table options on the command line: misuse is one line naming the option, and the summary says what a run did. */
@ExtendWith(SharedSpark.class)
class TableOptionsTest {
  @TempDir Path tmp;

  private Path orders() {
    return TestData.write(tmp.resolve("orders.jsonl"), """
        {"id": "A", "total": 100, "discount": 0.1, "order_date": "2026-12-01"}
        {"id": "B", "total": 200, "discount": 0.2, "order_date": "2026-12-01"}
        """);
  }

  private CommandRun price(String... args) {
    List<String> all = new ArrayList<>(List.of("--input", orders().toString(), "--output", tmp.resolve("out").toString()));
    all.addAll(List.of(args));
    return CommandRun.price(all.toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "--output-format delta --only-new-files                              | --only-new-files needs --append",
      "--output-format delta --append --reprice-changed                    | --reprice-changed needs --only-new-files",
      "--append                                                            | --append needs --output-format delta",
      "--output-format json --run-id r1                                    | --run-id needs --output-format delta",
      "--replace-where x=1                                                 | --replace-where needs --output-format delta",
      "--output-format delta --append --overwrite                          | --overwrite and --append: give one of them",
      "--keep-columns order_date --partition-by region                     | --partition-by region: not a kept column; name it in --keep-columns too",
      "--output-format delta --keep-columns order_date --partition-by day  | --partition-by day: not a kept column",
  })
  void misuseIsAUsageErrorNamingTheOption(String args, String message) {
    CommandRun r = price(args.strip().split(" +"));
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains(message).doesNotContain("\tat ");
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void aReplacePredicateOnAColumnTheOutputLacksIsOneLine() {
    assertThat(price("--output-format", "delta", "--keep-columns", "order_date").code()).isZero();
    CommandRun r = price("--output-format", "delta", "--keep-columns", "order_date", "--replace-where", "day = '2026-12-01'");
    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("order-pricing: replace-where 'day = '2026-12-01'': it names a column the output does not have "
        + "(id, total, discount, discount_amount, tax, price, order_date)");
  }

  @Test
  void aRetriedRunSaysAlreadyCommittedAndExitsZero() throws Exception {
    Path summary = tmp.resolve("summary.json");
    assertThat(price("--output-format", "delta", "--append", "--run-id", "2026-12-01").code()).isZero();
    CommandRun again = price("--output-format", "delta", "--append", "--run-id", "2026-12-01", "--summary", summary.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("this run is already committed");
    assertThat(java.nio.file.Files.readString(summary)).contains("\"outcome\" : \"already committed\"");
  }

  @Test
  void onlyNewFilesWithNothingNewSaysSoAndExitsZero() {
    Path landing = tmp.resolve("landing");
    TestData.write(landing.resolve("1.jsonl"), "{\"id\": \"A\", \"total\": 1, \"discount\": 0}\n");
    String[] args = {"--input", landing.toString(), "--output", tmp.resolve("t").toString(), "--output-format", "delta", "--append",
        "--only-new-files"};
    assertThat(CommandRun.price(args).out()).contains("table version 0; 1 input file(s)");
    CommandRun none = CommandRun.price(args);
    assertThat(none.code()).isZero();
    assertThat(none.out()).contains("Nothing to do: 0 new files");
  }

  @Test
  void anOrderWhoseCustomerHasNoRateIsRejectedBeforeTheCommitAndNothingIsLost() throws Exception {
    Path in = TestData.write(tmp.resolve("customers.jsonl"), """
        {"id": "A", "total": 10, "customer_id": "C-1"}
        {"id": "B", "total": 20, "customer_id": "C-9"}
        {"id": "C", "total": 30, "discount": 0.5, "customer_id": "C-9"}
        """);
    Path rates = TestData.write(tmp.resolve("rates.csv"), "customer_id,rate\nC-1,0.1\n");
    String table = tmp.resolve("t").toString();
    CommandRun r = CommandRun.price("--input", in.toString(), "--rates", rates.toString(), "--output", table, "--output-format", "delta",
        "--run-id", "r1");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Priced 2 of 3 orders (1 rejected");
    var spark = SharedSpark.spark();
    assertThat(spark.read().format("delta").load(table).orderBy("id").select("id").collectAsList())
        .extracting(row -> row.getString(0)).containsExactly("A", "C");
    assertThat(TestData.lines(tmp.resolve("t/_rejects/r1"))).singleElement().asString()
        .contains("\"id\":\"B\"").contains("customer C-9 has no rate");
  }
}
