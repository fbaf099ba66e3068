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
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i).strip();
      if (i == 0 && n.startsWith("\uFEFF")) n = n.substring(1).strip();
      if (n.equals(name)) return i;
    }
    return null;
  }
}
