package orderpricing.yarn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import orderpricing.hdfs.MiniHdfs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real YARN for a test class, over the {@link MiniHdfs} cluster: a MiniYARNCluster with one ResourceManager (FIFO
 * scheduler) and one NodeManager, sized for a small machine, started once per class and stopped after it. Use
 * {@code @ExtendWith({MiniHdfs.class, MiniYarn.class})}, in that order.
 *
 * <p>{@link #confDir()} is what a client needs, for {@code HADOOP_CONF_DIR}: a {@code yarn-site.xml} with only the
 * ResourceManager's addresses (the live configuration names test-only classes a client cannot load) and a
 * {@code core-site.xml} naming the HDFS cluster as the default file system. Containers' logs are under
 * {@link #containerLogs()}.
 */
public final class MiniYarn implements BeforeAllCallback, AfterAllCallback {
  /**
   * What the NodeManager offers: room for four applications at once, each an ApplicationMaster and one executor of
   * 512m heap (896m containers). Not policed: the machine's memory, not YARN's accounting, is the real limit.
   */
  static final int NODE_MEMORY_MB = 8192;

  private static MiniYARNCluster cluster;
  private static Path confDir;
  private static YarnClient client;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    String hdfs = MiniHdfs.uri(); // fails unless MiniHdfs started first
    YarnConfiguration conf = new YarnConfiguration();
    conf.set(YarnConfiguration.RM_SCHEDULER, "org.apache.hadoop.yarn.server.resourcemanager.scheduler.fifo.FifoScheduler");
    conf.set(YarnConfiguration.RM_HOSTNAME, "127.0.0.1");
    conf.setInt(YarnConfiguration.NM_PMEM_MB, NODE_MEMORY_MB);
    conf.setInt(YarnConfiguration.NM_VCORES, 4);
    conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
    // The JVMs' own footprint, not the test, decides whether a container is killed: no memory policing.
    conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, false);
    conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
    // A nearly full disk must not mark the only node unhealthy.
    conf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 100.0f);
    // Containers run "$JAVA_HOME/bin/java"; the NodeManager gives them this JVM's Java.
    conf.set(YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=2,JAVA_HOME=" + System.getProperty("java.home"));
    // A failed container is what some tests want: not a warning with a stack trace in the test log each time.
    org.apache.logging.log4j.core.config.Configurator.setLevel("org.apache.hadoop.yarn.server", org.apache.logging.log4j.Level.ERROR);
    cluster = new MiniYARNCluster(MiniYarn.class.getSimpleName(), 1, 1, 1);
    cluster.init(conf);
    cluster.start();
    Configuration live = cluster.getConfig();
    // start() may return before the ResourceManager has put its real port into the configuration.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (live.get(YarnConfiguration.RM_ADDRESS, "").endsWith(":0")) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("the ResourceManager has no address after 30 s");
      Thread.sleep(100);
    }
    confDir = Files.createTempDirectory("mini-yarn-conf");
    Configuration site = new Configuration(false);
    for (Map.Entry<String, String> e : live) {
      if (e.getKey().matches("yarn\\.resourcemanager\\.(.+\\.)?address")) site.set(e.getKey(), live.get(e.getKey()));
    }
    write(site, confDir.resolve("yarn-site.xml"));
    Configuration core = new Configuration(false);
    core.set("fs.defaultFS", hdfs);
    write(core, confDir.resolve("core-site.xml"));
    client = YarnClient.createYarnClient();
    client.init(new YarnConfiguration(clientConf()));
    client.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (client != null) client.stop();
    if (cluster != null) cluster.stop();
    client = null;
    cluster = null;
  }

  /** The client configuration directory, for HADOOP_CONF_DIR. */
  public static Path confDir() {
    return confDir;
  }

  /** The configuration a client of this cluster has: the files of {@link #confDir()}. */
  public static Configuration clientConf() {
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(confDir.resolve("core-site.xml").toUri()));
    conf.addResource(new org.apache.hadoop.fs.Path(confDir.resolve("yarn-site.xml").toUri()));
    return conf;
  }

  /** The ResourceManager's view of every application it has had. */
  public static java.util.List<ApplicationReport> applications() throws Exception {
    return client.getApplications();
  }

  /** Where the NodeManager keeps containers' logs: {@code <dir>/<application id>/<container id>/stderr}. */
  public static Path containerLogs() {
    return Path.of(cluster.getNodeManager(0).getConfig().get(YarnConfiguration.NM_LOG_DIRS).split(",")[0]);
  }

  private static void write(Configuration conf, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      conf.writeXml(out);
    }
  }
}
