package orderpricing.rates;

/**
 * What a run's rates were: where they came from (never with credentials), how many customers the table has, how
 * they were looked up ({@code broadcast} or {@code executor}), and how many distinct customers of the orders that
 * relied on the table were not in it.
 */
public record RatesSummary(String source, long customers, String lookup, long unknownCustomers) {}
