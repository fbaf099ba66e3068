package orderpricing.spark.input;

import orderpricing.read.DataFormat;

import java.io.Serializable;

/**
 * One file to read, its place in input order, the name it goes by in messages and rejects, its size (compressed, if
 * it is), and the Hadoop codec class it is decompressed with (null when it is not compressed).
 */
public record InputFile(int index, String path, DataFormat format, String displayName, long length, String codec) implements Serializable {
  /** A compressed file is read as one stream from its start: it cannot be cut or counted by its bytes. */
  public boolean compressed() {
    return codec != null;
  }
}
