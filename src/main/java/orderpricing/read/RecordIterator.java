package orderpricing.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * Records pulled one at a time from a file, so a task holds one record in memory, not the file. Subclasses compute
 * the next record or null at the end.
 */
public abstract class RecordIterator implements Iterator<RawRecord> {
  private RawRecord next;
  private boolean done;

  /** The next record, or null when there are no more. */
  protected abstract RawRecord computeNext() throws IOException;

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      try {
        next = computeNext();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      done = next == null;
    }
    return next != null;
  }

  @Override
  public final RawRecord next() {
    if (!hasNext()) throw new NoSuchElementException();
    RawRecord r = next;
    next = null;
    return r;
  }

  /** Reads all records into a consumer: for callers that want them pushed. */
  public final void drainTo(Consumer<RawRecord> out) {
    while (hasNext()) out.accept(next());
  }
}
