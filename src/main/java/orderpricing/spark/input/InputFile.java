package orderpricing.spark.input;

import orderpricing.spark.DataFormat;

import java.io.Serializable;

/** One file to read, its place in input order, the name it goes by in messages and rejects, and its size. */
public record InputFile(int index, String path, DataFormat format, String displayName, long length) implements Serializable {}
