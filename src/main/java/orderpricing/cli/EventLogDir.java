package orderpricing.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;

/** Spark refuses to start when its event log directory is missing; a local one is made on first use. */
final class EventLogDir {
  private EventLogDir() {}

  static void prepare(SparkConf conf) {
    if (!conf.getBoolean("spark.eventLog.enabled", false)) return;
    String dir = conf.get("spark.eventLog.dir", "/tmp/spark-events");
    URI uri = URI.create(dir);
    if (uri.getScheme() != null && !uri.getScheme().equals("file")) return;
    try {
      Files.createDirectories(uri.getScheme() == null ? Path.of(dir) : Path.of(uri));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the Spark event log directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
