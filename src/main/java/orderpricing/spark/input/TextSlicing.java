package orderpricing.spark.input;

import java.util.ArrayList;
import java.util.List;
import orderpricing.read.CsvHeader;
import orderpricing.read.DataFormat;

/**
 * A JSON or CSV file as slices cut just after line breaks, with the line and record numbers their first records
 * have, from the counts of the first pass. A JSON array, a CSV file with a line break inside a quoted field (RFC 4180
 * allows one) or with lone {@code \r} line breaks stays one slice: it has no line boundaries to cut at. A compressed
 * file is one slice too, read whole through its codec.
 */
final class TextSlicing {
  private TextSlicing() {}

  static List<Slice> slices(InputFile file, List<LineCounts.Count> counts, long splitBytes) {
    if (file.compressed() || counts == null || !cuttable(file, counts)) return List.of(whole(file));
    CsvHeader header = counts.get(0).header();
    List<Slice> slices = new ArrayList<>();
    long start = 0, firstLine = 1, recordsBefore = 0;
    long linesBefore = 0, nonEmptyBefore = 0;
    for (int i = 0; i < counts.size(); i++) {
      LineCounts.Count c = counts.get(i);
      if (i > 0 && c.firstBreak() >= 0 && c.firstBreak() + 1 < file.length()) {
        long cut = c.firstBreak() + 1;
        slices.add(slice(file, start, cut, firstLine, header, recordsBefore));
        start = cut;
        firstLine = linesBefore + 2;
        recordsBefore = nonEmptyBefore + (c.firstNonEmpty() ? 1 : 0) - 1; // the header is no data record
      }
      linesBefore += c.lineBreaks();
      nonEmptyBefore += c.nonEmptyLines();
    }
    slices.add(slice(file, start, file.length(), firstLine, header, recordsBefore));
    return slices;
  }

  private static boolean cuttable(InputFile file, List<LineCounts.Count> counts) {
    if (file.format() == DataFormat.JSON) return !counts.get(0).startsArray();
    if (counts.get(0).header() == null) return false;
    boolean inQuotes = false;
    for (LineCounts.Count c : counts) {
      if (c.loneCarriageReturn()) return false;
      if (inQuotes ? c.breakInQuotesIfStartInside() : c.breakInQuotesIfStartOutside()) return false;
      if (c.quotes() % 2 == 1) inQuotes = !inQuotes;
    }
    return true;
  }

  private static Slice whole(InputFile file) {
    return slice(file, 0, file.length(), 1, null, 0);
  }

  private static Slice slice(InputFile file, long start, long end, long firstLine, CsvHeader header, long recordsBefore) {
    return file.format() == DataFormat.JSON
        ? new JsonSlice(file, start, end, firstLine)
        : new CsvSlice(file, start, end, header, recordsBefore);
  }
}
