package orderpricing.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * Class-data sharing for the JVMs tests start, as scripts/price has it: a JVM maps the classes a pricing run loads
 * from an archive instead of loading and verifying them again, which halves the CPU a short run costs (11 s to 6 s on
 * the sample orders). The JVM archives classes from jars only, so the test's class directories are packed into one
 * jar first. Made once per build, by whichever test JVM asks first (a file lock keeps the two forks from both making
 * it); if recording fails, the JVMs run without an archive.
 */
final class JobClassData {
  private static final Path DIR = Path.of("target", "test-jvm").toAbsolutePath();
  private static final Path JAR = DIR.resolve("test-classes.jar");
  private static final Path ARCHIVE = DIR.resolve("job.jsa");
  private static final Path STAMP = DIR.resolve("job.jsa.stamp");

  private static volatile List<String> options;

  private JobClassData() {}

  /** The classpath and archive options for a job JVM. */
  static synchronized List<String> options(List<String> jvmOptions) {
    if (options == null) options = prepare(jvmOptions);
    return options;
  }

  private static List<String> prepare(List<String> jvmOptions) {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> jars = new ArrayList<>();
    List<Path> dirs = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (Files.isDirectory(Path.of(entry))) dirs.add(Path.of(entry));
      else if (!entry.isEmpty()) jars.add(entry);
    }
    try {
      Files.createDirectories(DIR);
      try (FileChannel channel = FileChannel.open(DIR.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
           FileLock held = channel.lock()) {
        String identity = identity(dirs, jars, jvmOptions);
        List<String> cp = new ArrayList<>(List.of(JAR.toString()));
        cp.addAll(jars);
        String jobClasspath = String.join(File.pathSeparator, cp);
        if (!Files.exists(STAMP) || !Files.readString(STAMP).equals(identity)) record(dirs, jobClasspath, jvmOptions, identity);
        return Files.exists(ARCHIVE)
            ? List.of("-XX:SharedArchiveFile=" + ARCHIVE, "-cp", jobClasspath)
            : List.of("-cp", jobClasspath);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The class directories' classes and the jars, by name, size and time, and the JVM's options. Classes only: a test
   * may leave files among its resources, which must not make the other fork record the archive again.
   */
  private static String identity(List<Path> dirs, List<String> jars, List<String> jvmOptions) throws IOException {
    StringBuilder s = new StringBuilder(System.getProperty("java.home")).append('\n').append(jvmOptions).append('\n');
    for (Path dir : dirs) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
          s.append(f).append(' ').append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
      }
    }
    for (String jar : jars) s.append(jar).append('\n');
    return s.toString();
  }

  /** Packs the directories into the jar, then records the archive from a pricing run of the sample orders. */
  private static void record(List<Path> dirs, String jobClasspath, List<String> jvmOptions, String identity) throws IOException {
    if (Files.exists(STAMP)) Files.move(STAMP, DIR.resolve("job.jsa.stamp.old"), StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(ARCHIVE);
    pack(dirs);
    Path work = Files.createTempDirectory(DIR, "record");
    Path csv = Files.writeString(work.resolve("orders.csv"), "id,total,discount\nORD-001,100.00,0.1\nORD-002,200.00,0.2\n");
    Path root = Path.of("").toAbsolutePath();
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + work.resolve("job.jsa"), "-cp", jobClasspath, "orderpricing.cli.PriceCommand",
        "--input", root.resolve("data/orders.json").toString(), "--input", root.resolve("data/orders.parquet").toString(),
        "--input", csv.toString(), "--output", work.resolve("prices").toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(DIR.resolve("record.log").toFile()).start();
    try {
      boolean ok = p.waitFor() == 0 && Files.size(work.resolve("job.jsa")) > 0;
      if (ok) Files.move(work.resolve("job.jsa"), ARCHIVE, StandardCopyOption.ATOMIC_MOVE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
    } catch (IOException e) {
      // no archive: the JVMs start without one
    }
    Files.writeString(STAMP, identity);
    orderpricing.spark.TestData.deleteTree(work);
  }

  private static void pack(List<Path> dirs) throws IOException {
    Path tmp = Files.createTempFile(DIR, "classes", ".jar");
    try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out)) {
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Path dir : dirs) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = dir.relativize(f).toString().replace(File.separatorChar, '/');
            if (!seen.add(name)) continue; // the first directory on the classpath wins, as it would there
            jar.putNextEntry(new JarEntry(name));
            Files.copy(f, jar);
            jar.closeEntry();
          }
        }
      }
    }
    Files.move(tmp, JAR, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
