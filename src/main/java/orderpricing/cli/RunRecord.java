package orderpricing.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import orderpricing.errors.PricingException;
import orderpricing.spark.JobResult;
import orderpricing.spark.output.WholeFile;
import org.apache.hadoop.conf.Configuration;

/**
 * The run record ({@code --status PATH}): one small JSON document a scheduler reads wherever the driver ran, written
 * whole at the end of every run that parsed its options, success or failure: how it ended and with which exit code,
 * why (one line), its counts, where its result is, the Spark application and when it ran.
 */
final class RunRecord {
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String OVER_REJECT_LIMIT = "over-reject-limit";

  private final Instant started = Instant.now();
  private String output;
  private String rejects;
  private String applicationId;
  private Configuration conf;

  /** The result's paths, as the run names them in its summary. */
  void paths(String output, String rejects) {
    this.output = output;
    this.rejects = rejects;
  }

  /** The session the run got: its application id, and its Hadoop settings for writing the record. */
  void session(String applicationId, Configuration conf) {
    this.applicationId = applicationId;
    this.conf = conf;
  }

  static String status(int exitCode) {
    return exitCode == 0 ? SUCCEEDED : exitCode == PricingException.OVER_REJECT_LIMIT ? OVER_REJECT_LIMIT : FAILED;
  }

  Map<String, Object> document(int exitCode, String reason, JobResult result) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status(exitCode));
    m.put("exit_code", exitCode);
    if (reason != null) m.put("reason", reason);
    if (result != null) {
      m.put("input_records", result.inputRecords());
      m.put("priced", result.priced());
      m.put("rejected", result.rejected());
      m.put("duplicate_ids", result.duplicateIds());
      m.put("price_total", result.priceTotal().toPlainString());
      m.put("rejects_by_reason", Report.reasons(result));
      m.put("outcome", Report.outcome(result));
      result.tableVersion().ifPresent(v -> m.put("table_version", v));
    }
    m.put("output", output);
    m.put("rejects", result != null && result.rejects() != null ? result.rejects() : rejects);
    m.put("application_id", applicationId);
    m.put("started", started.truncatedTo(ChronoUnit.MILLIS).toString());
    m.put("ended", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
    return m;
  }

  void write(String path, int exitCode, String reason, JobResult result) throws IOException {
    byte[] json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(document(exitCode, reason, result));
    WholeFile.at(path, conf != null ? conf : new Configuration()).write(json);
  }
}
