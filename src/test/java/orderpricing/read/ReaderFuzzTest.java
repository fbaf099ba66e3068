package orderpricing.read;

import orderpricing.errors.InputFileException;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import orderpricing.pricing.OrderValidator;
import org.junit.jupiter.api.Test;

/**
 * Each format's reader over thousands of random records ({@link FuzzRecords}): nothing escapes but an
 * {@link InputFileException} with a one-line message, every record is either valid or has a one-line problem and its
 * raw text, none is lost, and a whole file takes well under the generous bound (a hang or a quadratic blow-up on one
 * record would not).
 */
class ReaderFuzzTest {
  /** Generous: each file here is read in well under a second when nothing goes wrong. */
  private static final long FILE_BOUND_NANOS = TimeUnit.SECONDS.toNanos(30);

  private interface Reading {
    void read(java.util.function.Consumer<RawRecord> out) throws IOException;
  }

  /** The records of one file, or null when the file as a whole cannot be read (a one-line InputFileException). */
  private static List<RawRecord> readFile(String what, Reading reading) throws IOException {
    List<RawRecord> records = new ArrayList<>();
    long start = System.nanoTime();
    try {
      reading.read(records::add);
    } catch (InputFileException e) {
      assertThat(e.getMessage()).as(what).doesNotContain("\n").doesNotContain("\r");
      records = null;
    }
    assertThat(System.nanoTime() - start).as("time to read %s", what).isLessThan(FILE_BOUND_NANOS);
    if (records != null) records.forEach(r -> checkRecord(what, r));
    return records;
  }

  private static void checkRecord(String what, RawRecord r) {
    assertThat(r.position()).as(what).isPositive();
    if (r.problem() == null) {
      assertThat(OrderValidator.problem(r.id(), r.total(), r.discount())).as("%s record %d is valid", what, r.position()).isNull();
      assertThat(r.total().precision() - r.total().scale()).isLessThanOrEqualTo(OrderValidator.MAX_INTEGER_DIGITS);
    } else {
      assertThat(r.problem()).as("%s record %d", what, r.position()).doesNotContain("\n").doesNotContain("\r")
          .matches("(?s)^(id|total|discount|record) .*").hasSizeLessThan(400);
      assertThat(r.raw()).as("%s record %d keeps its raw text", what, r.position()).isNotNull();
      assertThat(r.total()).isNull();
    }
  }

  private static List<Long> positions(List<RawRecord> records) {
    return records.stream().map(RawRecord::position).toList();
  }

  @Test
  void jsonLines() throws IOException {
    for (int file = 0; file < 4; file++) {
      String text = new FuzzRecords(100 + file).jsonLines(2_500);
      List<RawRecord> records = readFile("jsonl " + file, out -> new JsonOrderReader("f.jsonl").read(new StringReader(text), out));
      assertThat(records).as("JSON Lines never stop a file").isNotNull();
      List<Long> expected = new ArrayList<>();
      try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
        long n = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
          n++;
          if (!(n == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line).isBlank()) expected.add(n);
        }
      }
      assertThat(positions(records)).as("one record per non-blank line, none lost").isEqualTo(expected);
      assertThat(records).as("some valid, some not").anyMatch(r -> r.problem() == null).anyMatch(r -> r.problem() != null);
    }
  }

  @Test
  void jsonArrays() throws IOException {
    FuzzRecords fuzz = new FuzzRecords(200);
    int unreadable = 0, records = 0;
    for (int file = 0; file < 300; file++) {
      String text = fuzz.jsonArray(15);
      List<RawRecord> r = readFile("array " + file, out -> new JsonOrderReader("f.json").read(new StringReader(text), out));
      if (r == null) {
        unreadable++;
        continue;
      }
      records += r.size();
      for (int i = 0; i < r.size(); i++) assertThat(r.get(i).position()).isEqualTo(i + 1L);
    }
    assertThat(unreadable).as("broken arrays stop their file").isPositive();
    assertThat(records).isGreaterThan(2_000);
  }

  @Test
  void csv() throws IOException {
    FuzzRecords fuzz = new FuzzRecords(300);
    int unreadable = 0, records = 0;
    for (int file = 0; file < 100; file++) {
      String text = fuzz.csv(50);
      List<RawRecord> r = readFile("csv " + file, out -> new CsvOrderReader("f.csv").read(new StringReader(text), out));
      if (r == null) {
        unreadable++;
        continue;
      }
      records += r.size();
      for (int i = 0; i < r.size(); i++) assertThat(r.get(i).position()).isEqualTo(i + 1L);
    }
    assertThat(unreadable).as("broken quoting stops its file").isPositive();
    assertThat(records).isGreaterThan(2_000);
  }

  /** The Parquet reader's floating-point values, through the same FieldValues and OrderValidator steps. */
  @Test
  void parquetDoubles() {
    double[] values = new FuzzRecords(400).doubles(100_000);
    long start = System.nanoTime();
    int valid = 0;
    for (double v : values) {
      BigDecimal d = FieldValues.fromDouble(v);
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        assertThat(d).isNull();
        continue;
      }
      String problem = OrderValidator.totalProblem(d);
      if (problem == null) {
        valid++;
        assertThat(d.doubleValue()).as("%s is %s", d, v).isEqualTo(v);
      } else {
        assertThat(problem).matches("total (is negative|has more than (20 integer digits|18 decimal places))");
      }
    }
    assertThat(System.nanoTime() - start).isLessThan(FILE_BOUND_NANOS);
    assertThat(valid).isGreaterThan(50_000);
  }

  /** Number text of every kind, as CSV holds it: a decimal within the limits, or a stand-in the validator rejects. */
  @Test
  void numberText() {
    FuzzRecords fuzz = new FuzzRecords(500);
    long start = System.nanoTime();
    for (int i = 0; i < 20_000; i++) {
      String text = fuzz.numberText();
      BigDecimal d = FieldValues.parseDecimal(text);
      if (d == null) continue;
      String problem = OrderValidator.outOfRange("total", d);
      if (problem == null && text.length() < 200) {
        BigDecimal exact;
        try {
          exact = new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
          continue; // 0e99999999999: zero, though BigDecimal cannot hold its exponent
        }
        assertThat(d).as(text).isEqualByComparingTo(exact);
      }
    }
    assertThat(System.nanoTime() - start).isLessThan(FILE_BOUND_NANOS);
  }
}
