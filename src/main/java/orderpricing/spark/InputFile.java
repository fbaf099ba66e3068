package orderpricing.spark;

import java.io.Serializable;

/** One file to read, its place in input order, and the name it goes by in messages and rejects. */
public record InputFile(int index, String path, InputFormat format, String displayName) implements Serializable {}
