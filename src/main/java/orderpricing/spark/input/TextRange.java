package orderpricing.spark.input;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import orderpricing.errors.InputFileException;
import orderpricing.read.RawRecord;
import orderpricing.read.RecordIterator;
import orderpricing.read.Utf8Text;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

/**
 * The bytes [start, end) of a text file as UTF-8 text (bytes that are not UTF-8 marked for the readers to reject
 * their records), and its records as staged rows. A compressed file is always read whole, decompressed.
 */
final class TextRange {
  private TextRange() {}

  private static Reader open(InputFile file, long start, long end, SliceContext context) throws IOException {
    Path path = new Path(file.path());
    FSDataInputStream in;
    try {
      in = path.getFileSystem(context.conf()).open(path);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
    try {
      InputStream bytes;
      if (file.compressed()) {
        if (start != 0) throw new IllegalStateException(file.displayName() + ": a compressed file is read from its start");
        bytes = InputCodecs.decompressed(in, file.codec(), context.conf());
      } else {
        if (start > 0) in.seek(start);
        bytes = BoundedInputStream.builder().setInputStream(in).setMaxCount(end - start).get();
      }
      return new BufferedReader(Utf8Text.reader(bytes), 1 << 16);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** How a slice's text becomes records. */
  interface Parser {
    RecordIterator records(Reader text) throws IOException;
  }

  /** The records of bytes [start, end) of a text file, parsed as they are asked for; closing them closes the file. */
  static Slice.Records records(InputFile file, long start, long end, SliceContext context, Parser parser) throws IOException {
    Reader reader = open(file, start, end, context);
    try {
      return records(file, reader, parser.records(reader));
    } catch (IOException | UncheckedIOException e) {
      reader.close();
      // A reader reads ahead as it starts: a file that breaks off early (a truncated gzip) breaks off here.
      IOException cause = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new InputFileException(file.displayName(), "cannot be read: " + cause.getMessage(), e);
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** A reader's records; the file is closed when the task closes them. */
  private static Slice.Records records(InputFile file, Reader reader, RecordIterator records) {
    return new Slice.Records() {
      @Override
      public boolean hasNext() {
        try {
          return records.hasNext();
        } catch (UncheckedIOException e) {
          throw new InputFileException(file.displayName(), "cannot be read: " + e.getCause().getMessage(), e);
        }
      }

      @Override
      public RawRecord next() {
        return records.next();
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    };
  }

  /** A file that cannot be opened, in the words a user acts on. */
  static InputFileException unreadable(InputFile file, IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.AccessDeniedException || why.contains("Permission denied")) return new InputFileException(file.displayName(), "permission denied", e);
    return new InputFileException(file.displayName(), "cannot be read: " + why.replace(file.path(), "").strip(), e);
  }
}
