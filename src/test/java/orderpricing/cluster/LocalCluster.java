package orderpricing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import orderpricing.cli.JobProcess;

/**
 * The project's standalone cluster as the integration tests drive it: {@code scripts/cluster} and
 * {@code scripts/submit} run as a user would run them, with a state dir of the tests' own, and the cluster's
 * processes looked up in {@code /proc} (master and workers by their pid files, executors by their working
 * directory inside a worker's work dir).
 */
final class LocalCluster {
  static final Path ROOT = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();

  final Path state;
  final Path logs;
  private final Path appJar;
  private final Map<String, String> clusterEnv = new LinkedHashMap<>();

  LocalCluster(Path state, Path logs, Path appJar) throws IOException {
    this.appJar = appJar.toAbsolutePath();
    this.state = state.toAbsolutePath();
    this.logs = logs.toAbsolutePath();
    Files.createDirectories(this.logs);
  }

  /** The environment of every script run: this cluster's state dir, Maven's Spark, the given application jar. */
  Map<String, String> env() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("SPARK_HOME");
    env.remove("_SPARK_AUTH_SECRET");
    env.put("ORDER_PRICING_CLUSTER_DIR", state.toString());
    env.put("ORDER_PRICING_NO_BUILD", "1");
    env.put("ORDER_PRICING_APP_JAR", appJar.toString());
    env.put("ORDER_PRICING_JAVA_OPTS", JobProcess.QUICK_JIT); // scripts/submit's JVM, the driver in client mode
    return env;
  }

  /**
   * Stops a cluster a crashed earlier run may have left in the same state dir, then starts one. Should this JVM be
   * ended before the tests stop the cluster (Ctrl-C on Maven, a fork timeout), a shutdown hook stops it.
   */
  Result start(int workers) throws IOException, InterruptedException {
    run("cluster-stop-before", Duration.ofMinutes(1), env(), "scripts/cluster", "stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    Result started = run("cluster-start", Duration.ofMinutes(4), env(), "scripts/cluster", "start", "--workers", String.valueOf(workers));
    assertThat(started.exit()).as("scripts/cluster start failed:%n%s", started.output()).isZero();
    for (String line : Files.readAllLines(state.resolve("cluster.env"))) {
      int eq = line.indexOf('=');
      if (eq > 0) clusterEnv.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return started;
  }

  Result stop() throws IOException, InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException | IllegalArgumentException ignored) {
      // shutting down already, or never started
    }
    return run("cluster-stop", Duration.ofMinutes(2), env(), "scripts/cluster", "stop");
  }

  private final Thread stopOnExit = new Thread(() -> {
    try {
      ProcessBuilder pb = new ProcessBuilder("scripts/cluster", "stop").directory(ROOT.toFile()).inheritIO();
      pb.environment().clear();
      pb.environment().putAll(env());
      pb.start().waitFor(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      e.printStackTrace();
    }
  }, "stop-local-cluster");

  Result status() throws IOException, InterruptedException {
    return run("cluster-status", Duration.ofMinutes(1), env(), "scripts/cluster", "status");
  }

  String masterUrl() {
    return clusterEnv.get("MASTER_URL");
  }

  String webUi() {
    return clusterEnv.get("WEBUI_URL");
  }

  Path sparkHome() {
    return Path.of(clusterEnv.get("SPARK_HOME"));
  }

  /** Task slots of each worker, and so of each executor it launches. */
  int workerCores() {
    return Integer.parseInt(clusterEnv.get("WORKER_CORES"));
  }

  long masterPid() throws IOException {
    return pidFile("master");
  }

  long workerPid(int worker) throws IOException {
    return pidFile("worker-" + worker);
  }

  private long pidFile(String role) throws IOException {
    return Long.parseLong(Files.readString(state.resolve(role + ".pid")).strip());
  }

  /** Starts {@code scripts/submit [sparkOptions] -- [jobOptions]}; stdout and stderr go to files under the logs. */
  Submission submit(String name, Map<String, String> env, List<String> sparkOptions, List<String> jobOptions) throws IOException {
    List<String> command = new ArrayList<>(List.of("scripts/submit",
        "--conf", "spark.driver.extraJavaOptions=" + JobProcess.QUICK_JIT, "--conf", "spark.executor.extraJavaOptions=" + JobProcess.QUICK_JIT));
    command.addAll(sparkOptions);
    command.add("--");
    command.addAll(jobOptions);
    Path out = logs.resolve(name + ".out");
    Path err = logs.resolve(name + ".err");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    return new Submission(name, pb.start(), out, err);
  }

  /** A running or finished {@code scripts/submit}. */
  record Submission(String name, Process process, Path stdout, Path stderr) {
    int await(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        destroy();
        fail("%s did not finish within %s; stderr ends:%n%s", name, timeout, tail(stderr, 40));
      }
      return process.exitValue();
    }

    String output() {
      return read(stdout) + read(stderr);
    }

    /** Ends the submission and the driver under it. */
    void destroy() {
      List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
      all.add(process.toHandle());
      all.forEach(ProcessHandle::destroy);
      for (ProcessHandle h : all) {
        try {
          h.onExit().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
          h.destroyForcibly();
        }
      }
    }

    /**
     * Waits until the driver's log, after a line matching {@code after} (null: from the start), has a line matching
     * {@code target}, and returns that match; fails if the submission ends first or the time is up.
     */
    Matcher awaitLog(Pattern after, Pattern target, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        boolean alive = process.isAlive(); // before reading: a line written just before the end is still seen
        boolean seen = after == null;
        for (String line : read(stderr).split("\n")) {
          if (!seen) {
            seen = after.matcher(line).find();
            continue;
          }
          Matcher m = target.matcher(line);
          if (m.find()) return m;
        }
        if (!alive) fail("%s ended before its log showed %s after %s; stderr ends:%n%s", name, target, after, tail(stderr, 40));
        Thread.sleep(100);
      }
      destroy();
      return fail("%s: no %s after %s within %s; stderr ends:%n%s", name, target, after, timeout, tail(stderr, 40));
    }
  }

  record Result(int exit, String output) {}

  /** Runs a command in the project directory to its end; output (stdout and stderr) also kept in a log file. */
  Result run(String name, Duration timeout, Map<String, String> env, String... command) throws IOException, InterruptedException {
    Path log = logs.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      fail("%s did not finish within %s; output ends:%n%s", String.join(" ", command), timeout, tail(log, 40));
    }
    return new Result(p.exitValue(), read(log));
  }

  // ---- processes, from /proc ----

  /** Executors of this cluster: CoarseGrainedExecutorBackend JVMs working inside a worker's work dir. */
  List<Long> executorPids() {
    List<Long> pids = new ArrayList<>();
    forEachProcess((pid, cmd) -> {
      if (cmd.contains("CoarseGrainedExecutorBackend") && cwd(pid).map(c -> c.startsWith(state.resolve("work"))).orElse(false)) pids.add(pid);
    });
    return pids;
  }

  /** The pid of the executor with this id (of the newest application, if several). */
  long executorPid(String executorId) {
    List<Long> found = new ArrayList<>();
    forEachProcess((pid, cmd) -> {
      if (cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains(" --executor-id " + executorId + " ")
          && cwd(pid).map(c -> c.startsWith(state.resolve("work"))).orElse(false)) found.add(pid);
    });
    assertThat(found).as("executor %s of this cluster", executorId).hasSize(1);
    return found.get(0);
  }

  /** Which worker (1, 2, ...) launched the executor: its working directory is work/worker-N/app-.../id. */
  int workerOf(long executorPid) {
    Path rel = state.resolve("work").relativize(cwd(executorPid).orElseThrow());
    Matcher m = Pattern.compile("worker-(\\d+)").matcher(rel.getName(0).toString());
    assertThat(m.matches()).as("work dir of executor %d: %s", executorPid, rel).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Every live process of this cluster: master and workers (marked with the state dir) and executors. */
  List<Long> clusterProcesses() {
    String marker = "-Dorderpricing.cluster=" + state + " ";
    List<Long> pids = new ArrayList<>();
    forEachProcess((pid, cmd) -> {
      if (cmd.contains(marker) || cwd(pid).map(c -> c.startsWith(state)).orElse(false)) pids.add(pid);
    });
    return pids;
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  static String commandLine(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  static Optional<Path> cwd(long pid) {
    try {
      return Optional.of(Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")));
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
  }

  interface ProcessVisitor {
    void visit(long pid, String commandLine);
  }

  static void forEachProcess(ProcessVisitor visitor) {
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit)).forEach(n -> {
        long pid = Long.parseLong(n);
        String cmd = commandLine(pid);
        if (!cmd.isEmpty()) visitor.visit(pid, cmd);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The addresses the process listens on (TCP, v4 and v6), from /proc/net: each socket inode among its open files,
   * looked up in the kernel's table, as "address:port".
   */
  static List<String> listeningAddresses(long pid) throws IOException {
    List<String> inodes = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
        } catch (IOException ignored) {
          // closed meanwhile
        }
      }
    }
    List<String> listening = new ArrayList<>();
    for (String[] f : tcpSockets()) {
      if (f[3].equals("0A") && inodes.contains(f[9])) listening.add(address(f[1]));
    }
    return listening;
  }

  /**
   * The TCP sockets of this machine, IPv4 and IPv6, as the fields of /proc/net/tcp: sl, local_address, rem_address,
   * st, tx:rx, tr:when, retrnsmt, uid, timeout, inode, …
   */
  private static List<String[]> tcpSockets() throws IOException {
    List<String[]> sockets = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path t = Path.of(table);
      if (!Files.exists(t)) continue;
      List<String> rows = Files.readAllLines(t);
      for (String row : rows.subList(1, rows.size())) {
        String[] f = row.strip().split("\\s+");
        if (f.length > 9) sockets.add(f);
      }
    }
    return sockets;
  }

  /**
   * The process on this machine that holds the client end of a TCP connection from local port {@code localPort} to
   * port {@code remotePort}: the socket's inode from /proc/net, then the process with that socket among its files.
   */
  static Optional<Long> connectionOwner(int localPort, int remotePort) throws IOException {
    String inode = null;
    for (String[] f : tcpSockets()) {
      if (port(f[1]) == localPort && port(f[2]) == remotePort) inode = f[9];
    }
    if (inode == null) return Optional.empty();
    String socket = "socket:[" + inode + "]";
    List<Long> owners = new ArrayList<>();
    forEachProcess((pid, cmd) -> {
      try (Stream<Path> fds = Files.list(Path.of("/proc", String.valueOf(pid), "fd"))) {
        for (Path fd : fds.toList()) {
          try {
            if (Files.readSymbolicLink(fd).toString().equals(socket)) owners.add(pid);
          } catch (IOException ignored) {
            // closed meanwhile
          }
        }
      } catch (IOException ignored) {
        // the process ended, or is not ours to look into
      }
    });
    return owners.stream().findFirst();
  }

  private static int port(String hexAddress) {
    return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
  }

  /** /proc/net/tcp's hex "0100007F:1F90" (little-endian words) as "127.0.0.1:8080"; v4-mapped v6 likewise. */
  private static String address(String hex) {
    String[] parts = hex.split(":");
    int port = Integer.parseInt(parts[1], 16);
    String a = parts[0];
    if (a.length() == 32 && a.startsWith("0000000000000000FFFF0000")) a = a.substring(24);
    if (a.length() == 8) {
      long v = Long.parseLong(a, 16);
      return (v & 0xff) + "." + ((v >> 8) & 0xff) + "." + ((v >> 16) & 0xff) + "." + ((v >> 24) & 0xff) + ":" + port;
    }
    return "[" + a + "]:" + port;
  }

  // ---- files ----

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String tail(Path file, int lines) {
    List<String> all = List.of(read(file).split("\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
