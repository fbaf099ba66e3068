package orderpricing.read;

import java.io.Serializable;
import java.util.Iterator;
import orderpricing.read.RawRecord;

/**
 * What a run does to a task's records as they are read, before they become staged rows (customers' rates): one
 * record out for each record in, in the same order.
 */
public interface RecordStep extends Serializable {
  /** Records as they are; one instance in every JVM (an enum), so a task can tell it apart from a real step. */
  RecordStep NONE = Unchanged.INSTANCE;

  Iterator<RawRecord> apply(Iterator<RawRecord> records);

  /** The step that leaves records as they are. */
  enum Unchanged implements RecordStep {
    INSTANCE;

    @Override
    public Iterator<RawRecord> apply(Iterator<RawRecord> records) {
      return records;
    }
  }
}
