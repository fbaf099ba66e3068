package orderpricing.rates;

import java.io.Serializable;
import java.util.Properties;

/**
 * A PostgreSQL database by its JDBC URL ({@code jdbc:postgresql://host:port/database}), with the host and database it
 * names for messages. A URL with a password in it is refused: the password belongs in the properties file.
 */
record PostgresLocation(String url, String host, String port, String database) implements Serializable {

  static PostgresLocation parse(String url) {
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database): " + withoutQuery(url));
    }
    Properties parsed = org.postgresql.Driver.parseURL(url, null);
    if (parsed == null) throw new IllegalArgumentException("not a valid PostgreSQL JDBC URL: " + withoutQuery(url));
    for (String key : parsed.stringPropertyNames()) {
      if (key.toLowerCase(java.util.Locale.ROOT).contains("password")) {
        throw new IllegalArgumentException("the URL holds a password: put it in the connection properties file, never in the URL");
      }
    }
    return new PostgresLocation(url, parsed.getProperty("PGHOST", "localhost"), parsed.getProperty("PGPORT", "5432"),
        parsed.getProperty("PGDBNAME", ""));
  }

  /** The URL without its parameters, for the summary: they may hold settings nobody needs to see there. */
  String display() {
    return withoutQuery(url);
  }

  /** How messages name a table of this database. */
  String where(String table) {
    return "table " + table + " in database " + database + " on " + host + ":" + port;
  }

  private static String withoutQuery(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }
}
