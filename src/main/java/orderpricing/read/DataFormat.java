package orderpricing.read;

import java.util.Locale;

/** The data formats the job reads and writes. */
public enum DataFormat {
  JSON, PARQUET, CSV;

  /** The format a file name's extension stands for, or null when it names none. */
  public static DataFormat ofFileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.endsWith(".json") || n.endsWith(".jsonl") || n.endsWith(".ndjson")) return JSON;
    if (n.endsWith(".parquet")) return PARQUET;
    if (n.endsWith(".csv")) return CSV;
    return null;
  }

  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
