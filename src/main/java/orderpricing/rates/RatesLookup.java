package orderpricing.rates;

/**
 * How the orders' customers are looked up. {@code BROADCAST} reads the whole table once and sends a copy to every
 * executor; {@code EXECUTOR} leaves the table in PostgreSQL, and each task asks for the customers of its orders on
 * its executor's own connection. Without a choice, tables of up to {@link #BROADCAST_MAX_CUSTOMERS} customers are
 * broadcast.
 */
public enum RatesLookup {
  BROADCAST,
  EXECUTOR;

  /** A million customers take about 150 MB of heap on the driver and on each executor when broadcast. */
  public static final long BROADCAST_MAX_CUSTOMERS = 1_000_000;

  /** The lookup for a table of this many customers when none was chosen. */
  static RatesLookup bySize(long customers) {
    return customers <= BROADCAST_MAX_CUSTOMERS ? BROADCAST : EXECUTOR;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
