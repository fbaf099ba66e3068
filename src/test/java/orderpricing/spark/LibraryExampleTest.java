package orderpricing.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The library example compiles, is the code docs/library.md (and the README, where it shows it) shows, and does what it says. */
@ExtendWith(SharedSpark.class)
class LibraryExampleTest {
  @TempDir Path tmp;

  @Test
  void theExamplePricesTheValidOrdersAndSetsTheOthersAsideWithReasons() {
    SparkSession spark = SharedSpark.spark();
    String prices = tmp.resolve("prices").toString();
    String rejects = tmp.resolve("rejects").toString();
    LibraryExample.priceOrSetAside(spark, prices, rejects);

    List<Row> priced = spark.read().parquet(prices).orderBy("id").collectAsList();
    assertThat(priced).extracting(r -> r.getAs("id") + " " + r.<java.math.BigDecimal>getAs("price").toPlainString())
        .containsExactly("A-1 99.00", "A-4 165.00");
    List<Row> rejected = spark.read().json(rejects).orderBy("id").collectAsList();
    assertThat(rejected).extracting(r -> r.getAs("id") + ": " + r.getAs("reason"))
        .containsExactly("A-2: total is missing", "A-3: discount is outside [0, 1]");
  }

  @Test
  void theDocumentedExampleIsThisCode() throws Exception {
    String source = Files.readString(Path.of("src/test/java/orderpricing/spark/LibraryExample.java"));
    String code = source.substring(source.indexOf("import ")).strip();
    assertThat(javaBlocks(Files.readString(Path.of("docs/library.md")))).contains(code);
    // Wherever else the split is shown in Java, it is this same code.
    assertThat(javaBlocks(Files.readString(Path.of("README.md")))).filteredOn(b -> b.contains(".split(")).allMatch(code::equals);
  }

  /** The ```java blocks of a Markdown text. */
  private static List<String> javaBlocks(String markdown) {
    return java.util.regex.Pattern.compile("```java\\n(.*?)```", java.util.regex.Pattern.DOTALL).matcher(markdown)
        .results().map(m -> m.group(1).strip()).toList();
  }
}
