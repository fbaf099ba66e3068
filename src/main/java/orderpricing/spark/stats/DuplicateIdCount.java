package orderpricing.spark.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run's duplicate-id count ({@link DuplicateIds}), computed beside its pricing so it uses the cores the pricing
 * leaves idle: {@code start} submits it, {@code value} waits for it, {@code cancel} stops it.
 *
 * <p>It runs on a small daemon pool of its own, never the common fork-join pool, and its Spark jobs carry a job
 * group of their own, so cancelling it cancels nothing else. The caller's thread and session are left as they were:
 * no listener is added, the tag that marks the caller's jobs while the count waits for them is taken off again, and
 * the pool thread's job group, description, scheduler pool and tags are restored after each count. The count
 * carries the caller's scheduler pool and job tags, so a caller that cancels its tagged jobs cancels the count too.
 * Nothing waits without a bound for an event that might not come: the count waits at most a few seconds for the
 * caller's job, {@code value} waits for the count's own jobs, which Spark either finishes or fails, and
 * {@code cancel} waits a bounded time.
 *
 * <p>Why wait for the caller's job: Spark's FIFO scheduler serves the job submitted first, so the pricing gets every
 * core it asks for and the count the cores its last tasks leave idle, instead of the pricing's last tasks waiting
 * behind the count's.
 */
public final class DuplicateIdCount {
  private static final String JOB_GROUP = "spark.jobGroup.id";
  private static final String JOB_DESCRIPTION = "spark.job.description";
  private static final String INTERRUPT_ON_CANCEL = "spark.job.interruptOnCancel";
  private static final String SCHEDULER_POOL = "spark.scheduler.pool";
  /** How long cancel waits for the count's thread to leave Spark: its tasks are interrupted, so this is ample. */
  private static final long CANCEL_WAIT_MS = 30_000;
  /** How long the count waits for the caller's next job to start before it starts regardless. */
  private static final long CALLER_JOB_WAIT_MS = 3_000;

  /**
   * At most four counts at once; a few more wait their turn, and beyond that the caller counts in its own thread,
   * which is slower (before its pricing, not beside it) but never refused.
   */
  private static final ThreadPoolExecutor POOL = pool();

  private final JavaSparkContext sc;
  private final String group;
  /** Tags the caller's jobs from start to value or cancel, so the count can wait for the first of them. */
  private final String callerTag;
  private final Thread caller;
  private final FutureTask<Long> result;
  /** Set by whoever comes first: the count starting, or a cancel before it started (then it never does). */
  private final AtomicBoolean claimed = new AtomicBoolean();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final AtomicBoolean started = new AtomicBoolean();

  private DuplicateIdCount(JavaSparkContext sc, Dataset<Row> rows) {
    this.sc = sc;
    String id = UUID.randomUUID().toString();
    this.group = "order-pricing-duplicate-ids-" + id;
    this.callerTag = "order-pricing-run-" + id;
    this.caller = Thread.currentThread();
    String pool = sc.getLocalProperty(SCHEDULER_POOL);
    Set<String> tags = Set.copyOf(sc.getJobTags());
    this.result = new FutureTask<>(() -> count(rows, pool, tags));
  }

  /**
   * Starts counting the duplicate ids of the rows' string column {@code id} (null ids are ignored), once the next
   * job of the calling thread has started (or a few seconds have passed), so Spark's FIFO scheduler gives that job
   * the cores first. Call {@link #value} or {@link #cancel} from the same thread: that job is recognised by a tag
   * on the thread, which they take off again.
   */
  public static DuplicateIdCount start(SparkSession spark, Dataset<Row> rows) {
    DuplicateIdCount count = new DuplicateIdCount(JavaSparkContext.fromSparkContext(spark.sparkContext()), rows);
    count.sc.addJobTag(count.callerTag);
    POOL.execute(count.result);
    return count;
  }

  /**
   * A count made in the caller's thread when {@link #value} is first called, from what a job before it gathered
   * (such as the id hashes the pricing's readers reported).
   */
  public static DuplicateIdCount whenAsked(java.util.function.LongSupplier count) {
    return new DuplicateIdCount(count);
  }

  private DuplicateIdCount(java.util.function.LongSupplier count) {
    this.sc = null;
    this.group = null;
    this.callerTag = null;
    this.caller = null;
    this.result = new FutureTask<>(count::getAsLong);
    claimed.set(true);
    finished.countDown();
  }

  /** A count already known, such as one made while the records were read. */
  public static DuplicateIdCount known(long value) {
    DuplicateIdCount known = new DuplicateIdCount(() -> value);
    known.result.run(); // made now: a cancel finds it done
    return known;
  }

  /** The job group of the count's Spark jobs. */
  String jobGroup() {
    return group;
  }

  /** Whether the count's thread took it up (then it may be waiting for the caller's job, or counting). */
  boolean started() {
    return started.get();
  }

  /** Whether the count's thread is done with it, whichever way. */
  boolean ended() {
    return finished.getCount() == 0;
  }

  /** Waits for the count and returns it; throws what the count failed with. */
  public long value() {
    untagCaller();
    if (sc == null) result.run(); // made here, if not made yet (nothing to do for a known count)
    try {
      return result.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("counting duplicate ids failed", e.getCause());
    } catch (CancellationException e) {
      throw new IllegalStateException("the duplicate-id count was cancelled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cancel();
      throw new IllegalStateException("interrupted while counting duplicate ids", e);
    }
  }

  /**
   * Stops the count if it has not finished: it never starts, or its Spark jobs are cancelled. Returns once its thread
   * has left Spark, or after a bounded wait.
   */
  public void cancel() {
    untagCaller();
    if (result.isDone() && finished.getCount() == 0) return;
    result.cancel(false);
    if (sc == null) return; // made in the caller's thread: nothing runs elsewhere
    if (claimed.compareAndSet(false, true)) return; // it had not started, and now never will
    // Once, with the group's future jobs: a job the count submits after this fails at once, so nothing needs to be
    // cancelled again. A plain group cancel would miss such a job, and Spark warns of each one that finds none running
    // (as between two of the count's jobs).
    sc.sc().cancelJobGroupAndFutureJobs(group);
    try {
      finished.await(CANCEL_WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void untagCaller() {
    if (caller != null && caller == Thread.currentThread()) sc.removeJobTag(callerTag);
  }

  /** Bounded: should the caller's job never come (it failed in planning, say), the count starts all the same. */
  private void awaitCallersJob() throws InterruptedException {
    if (Thread.currentThread() == caller) return; // counting in the caller's own thread: its job comes after
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CALLER_JOB_WAIT_MS);
    while (sc.sc().statusTracker().getJobIdsForTag(callerTag).length == 0 && !result.isCancelled() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  private long count(Dataset<Row> rows, String pool, Set<String> tags) throws InterruptedException {
    if (!claimed.compareAndSet(false, true)) throw new CancellationException("cancelled before it started");
    started.set(true);
    try {
      awaitCallersJob();
      if (result.isCancelled()) throw new CancellationException("cancelled before its first job");
      return countInGroup(rows, pool, tags);
    } finally {
      finished.countDown(); // whichever way it ends, so a cancel waiting for it returns at once
    }
  }

  /** The count's jobs in a group of their own; the thread's Spark properties and tags as they were afterwards. */
  private long countInGroup(Dataset<Row> rows, String pool, Set<String> tags) {
    String[] keys = {JOB_GROUP, JOB_DESCRIPTION, INTERRUPT_ON_CANCEL, SCHEDULER_POOL};
    List<String> before = new ArrayList<>();
    for (String key : keys) before.add(sc.getLocalProperty(key));
    Set<String> tagsBefore = Set.copyOf(sc.getJobTags());
    try {
      sc.setLocalProperty(SCHEDULER_POOL, pool);
      sc.clearJobTags();
      tags.forEach(sc::addJobTag);
      sc.setJobGroup(group, "counting duplicate ids", true);
      return DuplicateIds.of(rows);
    } finally {
      for (int i = 0; i < keys.length; i++) sc.setLocalProperty(keys[i], before.get(i));
      sc.clearJobTags();
      tagsBefore.forEach(sc::addJobTag);
    }
  }

  private static ThreadPoolExecutor pool() {
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16), task -> {
      // No inherited thread-locals: Spark's local properties would otherwise come from whichever caller made the thread.
      Thread t = new Thread(null, task, "order-pricing-duplicate-ids-" + threads.incrementAndGet(), 0, false);
      t.setDaemon(true);
      return t;
    }, new ThreadPoolExecutor.CallerRunsPolicy());
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }
}
