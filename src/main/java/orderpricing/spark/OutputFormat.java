package orderpricing.spark;

import java.util.Locale;
import orderpricing.read.DataFormat;

/**
 * What the output path holds: a directory of part files in one data format, or a Delta table (Parquet files and a
 * transaction log whose one small commit file makes each write visible).
 */
public enum OutputFormat {
  PARQUET(DataFormat.PARQUET), JSON(DataFormat.JSON), CSV(DataFormat.CSV), DELTA(DataFormat.PARQUET);

  private final DataFormat files;

  OutputFormat(DataFormat files) {
    this.files = files;
  }

  /** The directory output of files in this format. */
  public static OutputFormat of(DataFormat format) {
    return valueOf(format.name());
  }

  /** The format of the data files written: a Delta table's are Parquet. */
  public DataFormat files() {
    return files;
  }

  public boolean isTable() {
    return this == DELTA;
  }

  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
