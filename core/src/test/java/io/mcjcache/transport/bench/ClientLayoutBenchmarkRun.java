package io.mcjcache.transport.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Runs {@link ClientLayoutBenchmark} from surefire, which already has the testkit on its class
 * path; skipped unless asked for:
 *
 * <pre>
 * mvn -B -q -pl provider -am test -Dtest=ClientLayoutBenchmarkRun -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dmcjcache.bench=true -Dmcjcache.bench.seconds=3
 * </pre>
 *
 * The table goes to provider/target/surefire-reports/io.mcjcache.transport.bench.ClientLayoutBenchmarkRun-output.txt.
 */
class ClientLayoutBenchmarkRun {

  @Test
  @EnabledIfSystemProperty(named = "mcjcache.bench", matches = "true")
  void measureBothLayouts() throws Exception {
    ClientLayoutBenchmark.main(new String[] {System.getProperty("mcjcache.bench.seconds", "3")});
  }
}
