package orderpricing.spark.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

/** Paths as the user wrote them: colons are part of a path's names unless the path starts like a URI. */
class HadoopPathsTest {
  @Test
  void aRelativePathWithAColonIsALocalPathNotAScheme() throws Exception {
    FileSystem local = FileSystem.get(java.net.URI.create("file:///"), new Configuration());
    org.apache.hadoop.fs.Path p = local.makeQualified(HadoopPaths.asGiven("in:put.jsonl"));
    assertThat(p.toUri().getScheme()).isEqualTo("file");
    assertThat(p.toUri().getPath()).isEqualTo(Path.of("in:put.jsonl").toAbsolutePath().toString());
    assertThat(local.makeQualified(HadoopPaths.asGiven("out/a:b")).toUri().getPath())
        .isEqualTo(Path.of("out/a:b").toAbsolutePath().toString());
    assertThat(HadoopPaths.asGiven("/tmp/x:y/z").toUri().getPath()).isEqualTo("/tmp/x:y/z");
  }

  @Test
  void uriSchemesAreKept() {
    assertThat(HadoopPaths.asGiven("hdfs://nn:8020/data/a:b").toUri()).hasScheme("hdfs").hasAuthority("nn:8020").hasPath("/data/a:b");
    assertThat(HadoopPaths.asGiven("file:/tmp/a:b").toUri()).hasScheme("file").hasPath("/tmp/a:b");
    assertThat(HadoopPaths.asGiven("file:///tmp/x").toUri()).hasScheme("file").hasPath("/tmp/x");
    assertThat(HadoopPaths.asGiven("s3a://bucket/k:1").toUri()).hasScheme("s3a").hasAuthority("bucket");
  }

  @Test
  void aChildNameWithAColonStaysAName() {
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path("file:/tmp/out");
    assertThat(HadoopPaths.child(dir, ".a:b.tmp-1").toString()).isEqualTo("file:/tmp/out/.a:b.tmp-1");
    assertThat(HadoopPaths.child(dir, ".a:b.tmp-1").getName()).isEqualTo(".a:b.tmp-1");
  }
}
