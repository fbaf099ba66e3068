package orderpricing.spark.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import orderpricing.errors.InputFileException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeys;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The compression codecs input files are read through, told by the file's last extension, as Hadoop tells them:
 * gzip ({@code .gz}), bzip2 ({@code .bz2}), zstd ({@code .zst}), deflate ({@code .deflate}). Hadoop's own zstd codec
 * needs a native libhadoop built with zstd, which most machines lack; aircompressor's pure-Java codec, which Spark
 * ships, reads the same files everywhere. Extensions of compressions the job cannot read correctly are refused by
 * name, never read as text.
 */
final class InputCodecs {
  /** aircompressor's zstd, added after Hadoop's codecs, so it is the one {@code .zst} resolves to. */
  private static final String ZSTD = "io.airlift.compress.zstd.ZstdCodec";

  /**
   * Compressions the job does not read, by extension. Hadoop's lz4 and snappy codecs read only Hadoop's own block
   * framing: a file made by the lz4 or snappy tools would read as nothing or as garbage.
   */
  private static final Map<String, String> REFUSED = Map.of(
      ".lz4", "lz4", ".snappy", "snappy", ".sz", "snappy", ".xz", "xz", ".lzma", "lzma", ".lzo", "lzo",
      ".br", "brotli", ".zip", "zip", ".7z", "7z", ".z", "compress");

  /** The extensions readers are told about in messages. */
  static final String READABLE = ".gz, .bz2, .zst, .deflate";

  private final CompressionCodecFactory factory;

  private InputCodecs(CompressionCodecFactory factory) {
    this.factory = factory;
  }

  static InputCodecs of(Configuration conf) {
    Configuration withZstd = new Configuration(conf);
    String configured = conf.get(CommonConfigurationKeys.IO_COMPRESSION_CODECS_KEY, "");
    withZstd.set(CommonConfigurationKeys.IO_COMPRESSION_CODECS_KEY, configured.isBlank() ? ZSTD : configured + "," + ZSTD);
    return new InputCodecs(new CompressionCodecFactory(withZstd));
  }

  /**
   * The codec a file of this name is compressed with, by its last extension in any case ({@code .GZ} too): null when
   * it names none; a file error when it names a compression the job cannot read.
   */
  CompressionCodec codec(String fileName, String displayName) {
    String extension = extension(fileName);
    String refused = REFUSED.get(extension);
    if (refused != null) {
      throw new InputFileException(displayName, "compressed with " + refused + ", which the job does not read; "
          + "decompress it, or compress it with gzip, bzip2 or zstd");
    }
    // Only the extension is looked up: a whole name may hold characters a Hadoop path cannot (a colon).
    return extension.isEmpty() || extension.contains(":") ? null : factory.getCodec(new org.apache.hadoop.fs.Path("f" + extension));
  }

  /** The file name without the codec's extension: what tells the data format. */
  static String withoutExtension(String fileName, CompressionCodec codec) {
    return codec == null ? fileName : fileName.substring(0, fileName.length() - extension(fileName).length());
  }

  private static String extension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot).toLowerCase(Locale.ROOT);
  }

  /** The decompressed bytes of a file opened as {@code in}, through the codec of that class. */
  static InputStream decompressed(FSDataInputStream in, String codecClass, Configuration conf) throws IOException {
    try {
      CompressionCodec codec = (CompressionCodec) ReflectionUtils.newInstance(Class.forName(codecClass), conf);
      return codec.createInputStream(in);
    } catch (ClassNotFoundException e) {
      throw new IOException("codec " + codecClass + " is not on the classpath", e);
    }
  }
}
