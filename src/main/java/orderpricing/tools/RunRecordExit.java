package orderpricing.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The exit code a run record ({@code --status PATH}) holds, for a submitting script that cannot see the driver's
 * process exit (standalone cluster deploy mode): {@code RunRecordExit PATH [--since EPOCH_MILLIS]}.
 *
 * <p>PATH is any Hadoop path ({@code hdfs://…}, {@code file:…}, or a local path). The record is one JSON object with
 * at least {@code status}, {@code exit_code} and {@code started} (ISO-8601). With {@code --since}, a record whose
 * {@code started} is earlier is a previous run's and does not count. Prints the exit code and exits 0 when the record
 * counts; otherwise prints one line saying why on stderr and exits 1 (no record, a previous run's, not readable,
 * no exit code). Uses Hadoop's FileSystem and Jackson, both on Spark's classpath.
 */
public final class RunRecordExit {
  private RunRecordExit() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    String path = null;
    Long since = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--since") && i + 1 < args.length) {
        try {
          since = Long.parseLong(args[++i]);
        } catch (NumberFormatException e) {
          err.println("run record: --since: not a number of milliseconds: '" + args[i] + "'");
          return 2;
        }
      } else if (path == null && !args[i].startsWith("--")) {
        path = args[i];
      } else {
        err.println("usage: RunRecordExit PATH [--since EPOCH_MILLIS]");
        return 2;
      }
    }
    if (path == null) {
      err.println("usage: RunRecordExit PATH [--since EPOCH_MILLIS]");
      return 2;
    }
    try {
      Record r = read(path);
      if (r == null) {
        err.println("order-pricing: run record " + path + ": not written");
        return 1;
      }
      if (since != null && r.started == null) {
        err.println("order-pricing: run record " + path + ": has no started time, so it may be an earlier run's");
        return 1;
      }
      if (since != null && r.started.toEpochMilli() < since) {
        err.println("order-pricing: run record " + path + ": an earlier run's (started " + r.started + ")");
        return 1;
      }
      out.println(r.exitCode);
      return 0;
    } catch (IOException | IllegalArgumentException e) {
      err.println("order-pricing: run record " + path + ": " + e.getMessage());
      return 1;
    }
  }

  record Record(int exitCode, String status, Instant started) {}

  /** The record at the path, or null when there is none. */
  static Record read(String path) throws IOException {
    Path p = new Path(path);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), new Configuration())) {
      Path qualified = fs.makeQualified(p);
      if (!fs.exists(qualified)) return null;
      JsonNode json;
      try (InputStream in = fs.open(qualified)) {
        json = new ObjectMapper().readTree(in);
      }
      if (json == null || !json.isObject()) throw new IllegalArgumentException("not a JSON object");
      JsonNode code = json.get("exit_code");
      if (code == null || !code.canConvertToExactIntegral() || code.asInt() < 0 || code.asInt() > 255) {
        throw new IllegalArgumentException("no exit_code from 0 to 255");
      }
      JsonNode status = json.get("status");
      JsonNode started = json.get("started");
      Instant start = null;
      if (started != null && started.isTextual()) {
        try {
          start = Instant.parse(started.asText());
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("started is not an ISO-8601 time: '" + started.asText() + "'");
        }
      }
      return new Record(code.asInt(), status == null ? null : status.asText(), start);
    }
  }
}
