package orderpricing.read;

import java.io.Serializable;
import java.util.List;

/** The column names of a CSV file's header row, matched by name (a byte order mark before the first is dropped). */
public record CsvHeader(List<String> names) implements Serializable {
  public CsvHeader {
    names = List.copyOf(names);
  }

  public int width() {
    return names.size();
  }

  /** The index of the first column of that name, or null when there is none. */
  public Integer column(String name) {
    int[] all = columns(name);
    return all.length == 0 ? null : all[0];
  }

  /** The indexes of every column of that name, in order. */
  public int[] columns(String name) {
    java.util.stream.IntStream.Builder at = java.util.stream.IntStream.builder();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i).strip();
      if (i == 0 && n.startsWith("\uFEFF")) n = n.substring(1).strip();
      if (n.equals(name)) at.add(i);
    }
    return at.build().toArray();
  }
}
