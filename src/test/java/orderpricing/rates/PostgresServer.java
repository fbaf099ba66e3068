package orderpricing.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server for one test class, started and stopped by {@code scripts/postgres} as a user would run
 * it (installed first when the machine has none): {@code @RegisterExtension static final PostgresServer DB = new
 * PostgresServer();}. Each class has a state dir of its own under target/postgres-tests, so classes never share a
 * server.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
  public static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();

  private Path state;
  private final Map<String, String> env = new HashMap<>();

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    start(ROOT.resolve("target/postgres-tests/" + context.getRequiredTestClass().getSimpleName()));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    stop();
  }

  /** Starts a new server with this state dir (stopping one a crashed earlier run may have left there). */
  public void start(Path stateDir) throws IOException, InterruptedException {
    state = stateDir;
    script("stop");
    script("start");
    env.clear();
    for (String line : Files.readAllLines(state.resolve("server.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) env.put(line.substring(0, eq), line.substring(eq + 1));
    }
  }

  public void stop() throws IOException, InterruptedException {
    if (state != null) script("stop");
  }

  /** Stops the server, keeping its data, port and password, as a crash or a restart would. */
  public void stopKeepingData() throws IOException, InterruptedException {
    script("stop", "--keep");
  }

  /** Starts again a server stopped with {@link #stopKeepingData}. */
  public void startAgain() throws IOException, InterruptedException {
    script("start");
  }

  public String url() {
    return env.get("URL");
  }

  public String host() {
    return "127.0.0.1";
  }

  public String port() {
    return env.get("PORT");
  }

  public String database() {
    return env.get("DATABASE");
  }

  /** The JDBC properties file scripts/postgres wrote: user and password. */
  public Path propertiesFile() {
    return state.resolve("rates.properties");
  }

  public Properties properties() {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(propertiesFile())) {
      p.load(r);
    } catch (IOException e) {
      throw new AssertionError("cannot read " + propertiesFile(), e);
    }
    return p;
  }

  public String password() {
    return properties().getProperty("password");
  }

  /** The server's log: one line per connection with its application name (log_connections). */
  public Path serverLog() {
    return Path.of(env.get("SERVER_LOG"));
  }

  /** A connection as the database's owner, in autocommit mode. */
  public Connection connect() throws SQLException {
    return new org.postgresql.Driver().connect(url(), properties());
  }

  /** Runs statements, each committed; one that waits a minute for a lock fails, naming what it waited for. */
  public void sql(String... statements) {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("SET lock_timeout = '60s'");
      for (String statement : statements) s.execute(statement);
    } catch (SQLException e) {
      throw new AssertionError("SQL failed: " + e.getMessage(), e);
    }
  }

  private void script(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "scripts/postgres";
    System.arraycopy(args, 0, command, 1, args.length);
    Files.createDirectories(state);
    Path log = state.resolve("script.log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    pb.environment().put("ORDER_PRICING_POSTGRES_DIR", state.toString());
    Process p = pb.start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("scripts/postgres %s did not finish; log:%n%s", String.join(" ", args), Files.readString(log));
    }
    assertThat(p.exitValue()).as("scripts/postgres %s; log:%n%s", String.join(" ", args), Files.readString(log)).isZero();
  }
}
