package io.mcjcache.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The command line: values, defaults, and bad input as a clear message plus usage with exit code 2. */
class DemoOptionsTest {

  @Test
  void noArgumentsMeansTheDefaults() {
    assertThat(DemoOptions.parse())
        .isEqualTo(new DemoOptions(8, 100_000, 1, DemoOptions.DEFAULT_OUT, Fault.KILL, false));
    // ./mcjcache passes "$*" as exec.args, which is one blank argument when the user gave none.
    assertThat(DemoOptions.parse("")).isEqualTo(DemoOptions.defaults());
  }

  @Test
  void everyOptionInBothSpellings() {
    assertThat(DemoOptions.parse("--nodes", "4", "--keys", "2000", "--seed", "-7", "--out", "x/y.html", "--fault",
        "pause")).isEqualTo(new DemoOptions(4, 2000, -7, Path.of("x/y.html"), Fault.PAUSE, false));
    assertThat(DemoOptions.parse("--nodes=3", "--keys=500", "--seed=9", "--out=z.html", "--fault=kill"))
        .isEqualTo(new DemoOptions(3, 500, 9, Path.of("z.html"), Fault.KILL, false));
    assertThat(DemoOptions.parse("--fault", "PAUSE").fault()).isEqualTo(Fault.PAUSE);
  }

  @Test
  void helpWins() {
    assertThat(DemoOptions.parse("--nodes", "4", "--help").help()).isTrue();
    assertThat(DemoOptions.parse("-h").help()).isTrue();
  }

  @Test
  void badInputNamesTheOption() {
    assertThatThrownBy(() -> DemoOptions.parse("--bogus")).hasMessage("unknown option '--bogus'");
    assertThatThrownBy(() -> DemoOptions.parse("--nodes")).hasMessage("--nodes needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--keys", "--seed", "2")).hasMessage("--keys needs a value");
    assertThatThrownBy(() -> DemoOptions.parse("--keys", "lots"))
        .hasMessage("--keys must be a whole number, got 'lots'");
    assertThatThrownBy(() -> DemoOptions.parse("--seed=x")).hasMessage("--seed must be a whole number, got 'x'");
    assertThatThrownBy(() -> DemoOptions.parse("--nodes", "1")).hasMessageStartingWith("--nodes must be from 2 to 64");
    assertThatThrownBy(() -> DemoOptions.parse("--nodes", "65")).hasMessageStartingWith("--nodes must be from 2 to 64");
    assertThatThrownBy(() -> DemoOptions.parse("--keys", "99")).hasMessageStartingWith("--keys must be from 100");
    assertThatThrownBy(() -> DemoOptions.parse("--out=")).hasMessage("--out needs a file name");
    assertThatThrownBy(() -> DemoOptions.parse("--fault", "reboot"))
        .hasMessage("--fault must be one of kill, pause, got 'reboot'");
    assertThatThrownBy(() -> DemoOptions.parse("--fault=")).hasMessage("--fault must be one of kill, pause, got ''");
    assertThatThrownBy(() -> DemoOptions.parse("--fault")).hasMessage("--fault needs a value");
  }

  @Test
  void badOptionsExitWithCodeTwoAndTheUsage() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = Demo.run(new String[] {"--nodes", "zero"}, print(out), print(err));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("demo: --nodes must be a whole number, got 'zero'")
        .contains("usage: ./mcjcache demo");
    assertThat(out.size()).isZero();
  }

  @Test
  void anUnknownFaultExitsWithCodeTwoAndTheUsage() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertThat(Demo.run(new String[] {"--fault", "reboot"}, print(new ByteArrayOutputStream()), print(err)))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("demo: --fault must be one of kill, pause")
        .contains("--fault pause");
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(Demo.run(new String[] {"--help"}, print(out), print(new ByteArrayOutputStream()))).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--nodes N", "--keys K", "--seed S", "--out FILE",
        "--fault kill", "--fault pause");
  }

  private static PrintStream print(ByteArrayOutputStream bytes) {
    return new PrintStream(bytes, true, StandardCharsets.UTF_8);
  }
}
