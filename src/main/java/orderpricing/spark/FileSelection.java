package orderpricing.spark;

/**
 * Which input files a run prices. A table can record the files each of its commits priced (path, size, modification
 * time); an appending run may then price only the files it has not recorded.
 */
public enum FileSelection {
  /** Every input file. */
  ALL,
  /** The files the table has not recorded; a recorded file that has changed since stops the run. */
  NEW,
  /** The files the table has not recorded, and recorded files that have changed since, priced again. */
  NEW_AND_CHANGED;

  public boolean onlyNew() {
    return this != ALL;
  }
}
