package orderpricing.spark;

/** What an invalid order does to a run: go to the rejects, or stop the run. */
public enum OnInvalid { REJECT, FAIL }
