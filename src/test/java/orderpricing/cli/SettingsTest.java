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
}
