package orderpricing.spark;

/** How many records were rejected for one reason, worded without the records' values. */
public record RejectCount(String reason, long count) {}
