package orderpricing.spark.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import orderpricing.spark.SharedSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The driver holds the ids' hashes up to a limit, counting a partition reported again once. */
@ExtendWith(SharedSpark.class)
class IdHashesTest {
  @Test
  void pastTheLimitNothingIsHeldAndTheHashesSaySo() {
    IdHashes hashes = IdHashes.register(SharedSpark.spark(), 5);
    hashes.add(0, new long[] {1, 2, 3});
    hashes.add(0, new long[] {1, 2, 3}); // the same partition, read again: replaced, not added
    hashes.add(1, new long[] {4, 5});
    assertThat(hashes.all(2)).hasValueSatisfying(all -> assertThat(all).hasSize(2));
    assertThat(hashes.all(3)).as("a partition not reported").isEmpty();

    IdHashes task = hashes.copy();
    task.reset();
    task.add(2, new long[] {6});
    hashes.merge(task);
    assertThat(hashes.all(3)).as("six ids, more than five").isEmpty();
    assertThat(hashes.value()).as("dropped").isEmpty();
    hashes.add(Map.entry(3, new long[0]));
    assertThat(hashes.all(1)).as("still past it").isEmpty();
  }
}
