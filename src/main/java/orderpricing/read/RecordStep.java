package orderpricing.read;

import java.io.Serializable;
import java.util.Iterator;
import orderpricing.read.RawRecord;

/**
 * What a run does to a task's records as they are read, before they become staged rows (customers' rates): one
 * record out for each record in, in the same order.
 */
public interface RecordStep extends Serializable {
  RecordStep NONE = records -> records;

  Iterator<RawRecord> apply(Iterator<RawRecord> records);
}
