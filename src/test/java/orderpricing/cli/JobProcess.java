package orderpricing.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts the command in a JVM of its own, as scripts/price does, with the test classpath. */
public final class JobProcess {
  private JobProcess() {}

  public static Process start(Path stdout, Path stderr, String... args) throws IOException {
    Path root = Path.of("").toAbsolutePath();
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "@" + root.resolve("conf/jvm-options"),
        "-Xmx1g",
        "-Dorderpricing.conf=" + root.resolve("conf"),
        "-Dlog4j2.configurationFile=" + root.resolve("conf/log4j2.properties"),
        "-cp", classpath,
        "orderpricing.cli.PriceCommand"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
  }
}
