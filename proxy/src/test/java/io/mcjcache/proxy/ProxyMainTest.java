package io.mcjcache.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcjcache.testkit.MemcachedClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ProxyMain} as a real child JVM: bad arguments and a port it cannot take end the process with
 * status 2 and a message naming the problem, instead of a JVM kept alive by the event loops' threads.
 */
class ProxyMainTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(1);

  @Test
  void aPortAlreadyTakenEndsTheProcessWithAClearError() throws Exception {
    String taken = CLUSTER.cluster().node(0).hostAndPort(); // memcached listens there
    Result result = run(CLUSTER.cluster().uri() + "?liveness.file=none", "--listen", taken);
    assertThat(result.status).as(result.output).isEqualTo(2);
    assertThat(result.output).contains("mcjcache proxy: cannot listen on");
  }

  @Test
  void badArgumentsEndTheProcessWithTheUsage() throws Exception {
    Result noCluster = run("--listen", "127.0.0.1:0");
    assertThat(noCluster.status).isEqualTo(2);
    assertThat(noCluster.output).contains("no cluster given", "usage: ProxyMain");
    Result badFlag = run(CLUSTER.cluster().uri(), "--max-connections", "none");
    assertThat(badFlag.status).isEqualTo(2);
    assertThat(badFlag.output).contains("--max-connections takes a whole number, not 'none'");
  }

  private record Result(int status, String output) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ProxyMain.class.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean ended = process.waitFor(60, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as("the process ended; output: %s", output).isTrue();
    return new Result(process.exitValue(), output);
  }
}
