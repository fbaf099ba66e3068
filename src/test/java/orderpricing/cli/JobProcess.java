package orderpricing.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the command in a JVM of its own, as scripts/price does, with the test classpath. */
public final class JobProcess {
  private JobProcess() {}

  /**
   * For the short-lived JVMs tests start (runs, drivers, executors): compiled by C1 only, as scripts/price does for
   * small inputs. On two cores C2's compiles would take more CPU than such a JVM ever gets back.
   */
  public static final String QUICK_JIT = "-XX:TieredStopAtLevel=1";

  public static Process start(Path stdout, Path stderr, String... args) throws IOException {
    Path root = Path.of("").toAbsolutePath();
    List<String> jvm = List.of(
        "@" + root.resolve("conf/jvm-options"),
        QUICK_JIT,
        "-Xmx1g",
        "-Dorderpricing.conf=" + root.resolve("conf"),
        "-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvm);
    cmd.addAll(JobClassData.options(jvm));
    cmd.add("orderpricing.cli.PriceCommand");
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }
}
