package orderpricing.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import orderpricing.spark.table.DeltaOutput;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Where settings come from. The configuration directory ({@code conf/}, named by the system property
 * {@code orderpricing.conf} that scripts/price sets) holds {@code pricing.properties} and {@code spark-defaults.conf};
 * the application jar carries the same pricing defaults for spark-submit, where Spark reads its own settings.
 */
public final class Settings {
  static final String CONF_DIR_PROPERTY = "orderpricing.conf";
  /** Set to true by scripts/price when stderr is a terminal (Java 17 cannot tell that of stderr itself). */
  static final String STDERR_TERMINAL_PROPERTY = "orderpricing.stderr.terminal";
  static final String CONSOLE_PROGRESS = "spark.ui.showConsoleProgress";

  private Settings() {}

  static Properties pricingDefaults() {
    Properties p = new Properties();
    Path dir = confDir();
    try {
      if (dir != null && Files.isRegularFile(dir.resolve("pricing.properties"))) {
        try (Reader r = Files.newBufferedReader(dir.resolve("pricing.properties"), StandardCharsets.UTF_8)) {
          p.load(r);
        }
      } else {
        try (InputStream in = Settings.class.getClassLoader().getResourceAsStream("pricing.properties")) {
          if (in != null) p.load(in);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read pricing.properties: " + e.getMessage(), e);
    }
    return p;
  }

  /**
   * A session for this run. Precedence, lowest first: conf/spark-defaults.conf (when not under spark-submit, which
   * reads its own), what spark-submit passed, --conf, --master. Without any master: local[*].
   */
  public static SparkSession session(String master, Map<String, String> overrides) {
    return session(master, overrides, false);
  }

  /**
   * With {@code tables}, the session is made able to write Delta tables: Delta's session extension is added to any
   * others, and its catalog set unless one is configured.
   */
  public static SparkSession session(String master, Map<String, String> overrides, boolean tables) {
    SparkConf conf = new SparkConf(); // picks up the spark.* system properties spark-submit sets
    Path dir = confDir();
    if (dir != null && Files.isRegularFile(dir.resolve("spark-defaults.conf"))) {
      for (Map.Entry<Object, Object> e : sparkDefaults(dir.resolve("spark-defaults.conf")).entrySet()) {
        conf.setIfMissing((String) e.getKey(), (String) e.getValue());
      }
    }
    overrides.forEach(conf::set);
    consoleProgress(conf, overrides, Boolean.getBoolean(STDERR_TERMINAL_PROPERTY));
    if (master != null) conf.setMaster(master);
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "order-pricing");
    clusterSecretFromWorker(conf, System.getenv());
    if (tables) withTables(conf);
    EventLogDir.prepare(conf);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  static final String EXTENSIONS = "spark.sql.extensions";

  static void withTables(SparkConf conf) {
    for (Map.Entry<String, String> s : DeltaOutput.SESSION.entrySet()) {
      String current = conf.get(s.getKey(), "").strip();
      if (current.isEmpty()) conf.set(s.getKey(), s.getValue());
      else if (s.getKey().equals(EXTENSIONS) && !java.util.Arrays.asList(current.split(",")).contains(s.getValue())) {
        conf.set(s.getKey(), current + "," + s.getValue());
      }
    }
  }

  /** Where a standalone worker puts the cluster's secret for the processes it launches (Spark's SecurityManager). */
  static final String WORKER_SECRET_ENV = "_SPARK_AUTH_SECRET";
  static final String SECRET = "spark.authenticate.secret";

  /**
   * A driver that a standalone worker launched (cluster deploy mode) gets the cluster's secret the way executors do:
   * in its environment ({@value #WORKER_SECRET_ENV}; the worker drops {@code -Dspark.authenticate.secret} from the
   * driver's command line). Spark's SecurityManager reads it from there, but a SparkContext on a {@code spark://}
   * master refuses to start unless {@value #SECRET} is set in its configuration ("A secret key must be specified via
   * the spark.authenticate.secret config"). So with authentication on and no secret configured, the environment's is
   * used. Nothing else sets that variable: spark-submit, scripts/submit and client-mode drivers leave it alone.
   */
  static void clusterSecretFromWorker(SparkConf conf, Map<String, String> env) {
    String secret = env.get(WORKER_SECRET_ENV);
    if (secret != null && !secret.isEmpty() && conf.getBoolean("spark.authenticate", false) && !conf.contains(SECRET)) {
      conf.set(SECRET, secret);
    }
  }

  /**
   * Spark's console progress bar redraws one line of stderr with carriage returns: useful on a terminal, hundreds of
   * fragments glued to the next line in a log file. It is shown only on a terminal, unless --conf asks for it.
   */
  static void consoleProgress(SparkConf conf, Map<String, String> overrides, boolean stderrIsTerminal) {
    if (!stderrIsTerminal && !overrides.containsKey(CONSOLE_PROGRESS)) conf.set(CONSOLE_PROGRESS, "false");
  }

  private static Properties sparkDefaults(Path file) {
    Properties p = new Properties(); // spark-defaults.conf is whitespace-separated key value: Properties reads that
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    p.replaceAll((k, v) -> ((String) v).strip());
    return p;
  }

  private static Path confDir() {
    String dir = System.getProperty(CONF_DIR_PROPERTY);
    return dir == null ? null : Path.of(dir);
  }
}
