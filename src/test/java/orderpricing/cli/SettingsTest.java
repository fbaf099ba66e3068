package orderpricing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static String progressAfter(boolean terminal, Map<String, String> overrides) {
    SparkConf conf = new SparkConf(false).set(Settings.CONSOLE_PROGRESS, "true"); // as conf/spark-defaults.conf has it
    overrides.forEach(conf::set);
    Settings.consoleProgress(conf, overrides, terminal);
    return conf.get(Settings.CONSOLE_PROGRESS);
  }

  @Test
  void theProgressBarIsShownOnlyOnATerminalUnlessConfDecides() {
    assertThat(progressAfter(true, Map.of())).isEqualTo("true");
    assertThat(progressAfter(false, Map.of())).isEqualTo("false");
    assertThat(progressAfter(false, Map.of(Settings.CONSOLE_PROGRESS, "true"))).isEqualTo("true");
    assertThat(progressAfter(true, Map.of(Settings.CONSOLE_PROGRESS, "false"))).isEqualTo("false");
  }

  private static SparkConf afterWorkerSecret(SparkConf conf, Map<String, String> env) {
    Settings.clusterSecretFromWorker(conf, env);
    return conf;
  }

  /** A driver launched by a standalone worker has the cluster's secret only in its environment; the job configures it. */
  @Test
  void aWorkerLaunchedDriverTakesTheSecretFromItsEnvironmentOnlyWhenNoneIsConfigured() {
    Map<String, String> worker = Map.of(Settings.WORKER_SECRET_ENV, "s3cr3t");
    assertThat(afterWorkerSecret(new SparkConf(false).set("spark.authenticate", "true"), worker).get(Settings.SECRET)).isEqualTo("s3cr3t");
    assertThat(afterWorkerSecret(new SparkConf(false).set("spark.authenticate", "true").set(Settings.SECRET, "mine"), worker)
        .get(Settings.SECRET)).as("a configured secret stays").isEqualTo("mine");
    assertThat(afterWorkerSecret(new SparkConf(false), worker).contains(Settings.SECRET)).as("authentication off").isFalse();
    assertThat(afterWorkerSecret(new SparkConf(false).set("spark.authenticate", "true"), Map.of()).contains(Settings.SECRET))
        .as("no worker's secret").isFalse();
  }
}
