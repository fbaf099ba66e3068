package orderpricing.spark.input;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * The session's Hadoop settings as plain strings, which travel to the executors (Configuration is not serializable),
 * and the Configuration made from them there, once per deserialized copy.
 */
final class HadoopSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, String> settings;
  private transient Configuration conf;

  private HadoopSettings(Map<String, String> settings) {
    this.settings = settings;
  }

  static HadoopSettings of(SparkSession spark) {
    Map<String, String> settings = new HashMap<>();
    for (Map.Entry<String, String> e : spark.sparkContext().hadoopConfiguration()) settings.put(e.getKey(), e.getValue());
    return new HadoopSettings(settings);
  }

  Configuration conf() {
    if (conf == null) {
      Configuration c = new Configuration(false);
      settings.forEach(c::set);
      conf = c;
    }
    return conf;
  }
}
