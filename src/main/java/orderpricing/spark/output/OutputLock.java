package orderpricing.spark.output;

import orderpricing.errors.OutputLockedException;
import orderpricing.errors.OutputNotWritableException;
import orderpricing.spark.fs.HadoopPaths;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output. A run holds {@code .<name>.lock} beside its output (hidden from readers) from before it
 * looks at the output until after its commit: the file is created only if absent, which HDFS and local disks do in
 * one step, and names its run. A live run touches the file every {@code expiry / 6}; a lock untouched for
 * {@code expiry} belongs to a run that died, and the next run takes it over by renaming it away (one rename wins)
 * before it creates its own. Before its commit a run checks that the lock is still its own, so a run that stalled
 * past the expiry and lost its lock commits nothing.
 */
public final class OutputLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long a lock lasts without its run touching it: a dead run blocks the next one for at most this long. */
  public static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(60);

  private final String output;
  private final LockFile file;
  private final String token;
  private final ScheduledExecutorService heartbeat;
  private volatile boolean lost;

  private OutputLock(String output, LockFile file, String token, Duration expiry) {
    this.output = output;
    this.file = file;
    this.token = token;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "order-pricing-output-lock");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(200, expiry.toMillis() / 6);
    heartbeat.scheduleWithFixedDelay(this::touch, every, every, TimeUnit.MILLISECONDS);
  }

  /** Takes the lock of {@code output} for the run {@code applicationId}, or refuses naming the run that holds it. */
  public static OutputLock acquire(String output, String applicationId, Duration expiry, Configuration conf) {
    LockFile file = LockFile.beside(output, conf);
    String token = UUID.randomUUID().toString();
    byte[] content = content(token, applicationId, expiry);
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        if (created(file, content, output)) return new OutputLock(output, file, token, expiry);
        Optional<Holder> holder = file.holder();
        if (holder.isEmpty()) continue; // released between the two steps
        if (!holder.get().expired()) throw new OutputLockedException(output, holder.get().describe());
        LOG.warn("Taking over the lock of {}: its run ({}) has not touched it for {} s", output, holder.get().describe(),
            Duration.between(holder.get().touched(), Instant.now()).toSeconds());
        file.removeIfStill(holder.get());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + output + ": " + e.getMessage(), e);
    }
    throw new OutputLockedException(output, "other runs keep taking its lock");
  }

  /** A directory that cannot hold the lock cannot hold the output either: refused as the output would be. */
  private static boolean created(LockFile file, byte[] content, String output) {
    try {
      return file.createIfAbsent(content);
    } catch (IOException e) {
      String why = e instanceof FileAlreadyExistsException exists ? exists.getFile() + " is not a directory"
          : e instanceof java.nio.file.AccessDeniedException denied ? "permission denied: " + denied.getFile()
          : String.valueOf(e.getMessage()).strip().lines().findFirst().orElse(e.getClass().getSimpleName());
      throw new OutputNotWritableException(output, why, e);
    }
  }

  /** Refuses to go on unless the lock is still this run's (a run stalled past the expiry may have lost it). */
  public void requireHeld() {
    try {
      Optional<Holder> holder = file.holder();
      if (lost || holder.isEmpty() || !token.equals(holder.get().token())) {
        lost = true;
        throw new OutputLockedException(output, holder.map(Holder::describe).orElse("this run's lock expired and was taken over"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot check the lock of " + output + ": " + e.getMessage(), e);
    }
  }

  private void touch() {
    try {
      Optional<Holder> holder = file.holder();
      if (holder.isPresent() && token.equals(holder.get().token())) file.touch();
      else lost = true;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot renew the lock of {}: {}", output, e.getMessage());
    }
  }

  /** Releases the lock, if it is still this run's. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Optional<Holder> holder = file.holder();
      if (holder.isPresent() && token.equals(holder.get().token())) file.delete();
      file.removeEmptyParentsMade();
    } catch (IOException e) {
      LOG.warn("Cannot release the lock of {} ({}); it expires by itself", output, e.getMessage());
    }
  }

  private static byte[] content(String token, String applicationId, Duration expiry) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("token", token);
    m.put("application_id", applicationId);
    m.put("started", Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
    m.put("host", host());
    m.put("expiry_ms", expiry.toMillis());
    try {
      return JSON.writeValueAsBytes(m);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown host";
    }
  }

  /**
   * Who holds a lock, as its file says, when it last showed it was alive, and how long it may go without showing it:
   * its own run's expiry, which sets how often it is touched, not the expiry of the run that looks at it.
   */
  record Holder(String token, String applicationId, String started, String host, Duration expiry, Instant touched) {
    boolean expired() {
      return touched.plus(expiry).isBefore(Instant.now());
    }

    String describe() {
      return applicationId == null ? "a run starting now" : "application " + applicationId + " on " + host + ", started " + started;
    }

    static Holder of(byte[] bytes, Instant touched) {
      try {
        JsonNode n = JSON.readTree(bytes);
        return new Holder(n.path("token").asText(null), n.path("application_id").asText(null), n.path("started").asText(null),
            n.path("host").asText(null), Duration.ofMillis(n.path("expiry_ms").asLong(DEFAULT_EXPIRY.toMillis())), touched);
      } catch (IOException e) {
        return new Holder(null, null, null, null, DEFAULT_EXPIRY, touched); // still being written by its run
      }
    }
  }

  /** The lock file on its file system: local disks through Java (an exclusive create), others through Hadoop. */
  private interface LockFile {
    boolean createIfAbsent(byte[] content) throws IOException;
    Optional<Holder> holder() throws IOException;
    void touch() throws IOException;
    void delete() throws IOException;
    /** Removes the directories made for the lock, where a failed run left them empty: it leaves nothing behind. */
    void removeEmptyParentsMade() throws IOException;
    /** Removes an expired lock unless another run took it over first; one rename decides. */
    void removeIfStill(Holder expired) throws IOException;

    static LockFile beside(String output, Configuration conf) {
      try {
        Path target = HadoopPaths.asGiven(output);
        FileSystem fs = target.getFileSystem(conf);
        target = fs.makeQualified(target);
        Path lock = HadoopPaths.child(target.getParent(), "." + target.getName() + ".lock");
        return "file".equals(lock.toUri().getScheme()) ? new LocalLock(java.nio.file.Path.of(lock.toUri())) : new HadoopLock(fs, lock);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot lock " + output + ": " + e.getMessage(), e);
      }
    }
  }

  private static final class LocalLock implements LockFile {
    private final java.nio.file.Path path;
    private java.nio.file.Path firstMade;

    LocalLock(java.nio.file.Path path) {
      this.path = path;
    }

    @Override public boolean createIfAbsent(byte[] content) throws IOException {
      java.nio.file.Path dir = path.getParent();
      if (!Files.isDirectory(dir)) {
        java.nio.file.Path top = dir;
        while (top.getParent() != null && !Files.exists(top.getParent())) top = top.getParent();
        if (Files.exists(top) || top.getParent() != null && !Files.isDirectory(top.getParent())) {
          throw new FileAlreadyExistsException(Files.exists(top) ? top.toString() : top.getParent().toString()); // a file on the way
        }
        firstMade = top;
        Files.createDirectories(dir);
      }
      try {
        Files.write(path, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }

    @Override public Optional<Holder> holder() throws IOException {
      try {
        Instant touched = Files.getLastModifiedTime(path).toInstant();
        return Optional.of(Holder.of(Files.readAllBytes(path), touched));
      } catch (NoSuchFileException e) {
        return Optional.empty();
      }
    }

    @Override public void touch() throws IOException { Files.setLastModifiedTime(path, FileTime.from(Instant.now())); }
    @Override public void delete() throws IOException { Files.deleteIfExists(path); }

    @Override public void removeEmptyParentsMade() throws IOException {
      if (firstMade == null) return;
      for (java.nio.file.Path p = path.getParent(); p != null && p.startsWith(firstMade); p = p.getParent()) {
        try {
          Files.deleteIfExists(p);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          return; // the committed output, or another run's files
        }
      }
    }

    @Override public void removeIfStill(Holder expired) throws IOException {
      java.nio.file.Path aside = path.resolveSibling(path.getFileName() + ".expired-" + UUID.randomUUID());
      try {
        Files.move(path, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        return; // another run moved it first
      }
      Holder moved = Holder.of(Files.readAllBytes(aside), Files.getLastModifiedTime(aside).toInstant());
      if (java.util.Objects.equals(moved.token(), expired.token())) Files.delete(aside);
      else Files.move(aside, path); // a live lock taken by mistake goes back (fails if a third run holds the name)
    }
  }

  private static final class HadoopLock implements LockFile {
    private final FileSystem fs;
    private final Path path;
    private Path firstMade;

    HadoopLock(FileSystem fs, Path path) {
      this.fs = fs;
      this.path = path;
    }

    @Override public boolean createIfAbsent(byte[] content) throws IOException {
      Path dir = path.getParent();
      if (firstMade == null && !fs.exists(dir)) {
        Path top = dir;
        while (top.getParent() != null && !fs.exists(top.getParent())) top = top.getParent();
        firstMade = top; // fs.create makes the missing directories
      }
      try (OutputStream out = fs.create(path, false)) {
        out.write(content);
        return true;
      } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
        return false;
      } catch (org.apache.hadoop.ipc.RemoteException e) {
        if (e.unwrapRemoteException() instanceof org.apache.hadoop.fs.FileAlreadyExistsException) return false;
        throw e;
      }
    }

    @Override public Optional<Holder> holder() throws IOException {
      try {
        Instant touched = Instant.ofEpochMilli(fs.getFileStatus(path).getModificationTime());
        try (InputStream in = fs.open(path)) {
          return Optional.of(Holder.of(in.readAllBytes(), touched));
        }
      } catch (java.io.FileNotFoundException e) {
        return Optional.empty();
      }
    }

    @Override public void touch() throws IOException { fs.setTimes(path, System.currentTimeMillis(), -1); }
    @Override public void delete() throws IOException { fs.delete(path, false); }

    @Override public void removeEmptyParentsMade() throws IOException {
      if (firstMade == null) return;
      for (Path p = path.getParent(); p != null; p = p.getParent()) {
        if (fs.listStatus(p).length > 0) return; // the committed output, or another run's files
        fs.delete(p, false);
        if (p.equals(firstMade)) return;
      }
    }

    @Override public void removeIfStill(Holder expired) throws IOException {
      Path aside = new Path(path.getParent(), path.getName() + ".expired-" + UUID.randomUUID());
      if (!fs.rename(path, aside)) return; // another run moved it first
      Holder moved;
      try (InputStream in = fs.open(aside)) {
        moved = Holder.of(in.readAllBytes(), Instant.ofEpochMilli(fs.getFileStatus(aside).getModificationTime()));
      }
      if (java.util.Objects.equals(moved.token(), expired.token())) fs.delete(aside, false);
      else fs.rename(aside, path);
    }
  }
}
