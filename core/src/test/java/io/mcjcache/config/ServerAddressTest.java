package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ServerAddressTest {

  @Test
  void hostAndPortAreRead() {
    assertThat(ServerAddress.parse("cache-1.example.com:11300"))
        .isEqualTo(new ServerAddress("cache-1.example.com", 11300));
  }

  @Test
  void portDefaultsToMemcachedsPort() {
    assertThat(ServerAddress.parse("10.0.0.7").port()).isEqualTo(11211);
    assertThat(ServerAddress.parse("[::1]").port()).isEqualTo(11211);
  }

  @Test
  void hostNamesAreLowerCasedSoOneServerHasOneSpelling() {
    assertThat(ServerAddress.parse("Cache1.Example.COM:1")).isEqualTo(ServerAddress.parse("cache1.example.com:1"));
  }

  @Test
  void ipv6LiteralsInBracketsAreReadAndPrintedBackInBrackets() {
    ServerAddress address = ServerAddress.parse("[::1]:11300");
    assertThat(address.port()).isEqualTo(11300);
    assertThat(address.toString()).isEqualTo("[" + address.host() + "]:11300");
    assertThat(ServerAddress.parse(address.toString())).isEqualTo(address);
    // Two spellings of one address are one server.
    assertThat(ServerAddress.parse("[0:0:0:0:0:0:0:1]:11300")).isEqualTo(address);
  }

  @Test
  void listKeepsTheConfiguredOrderBecauseItIsTheNodeIndex() {
    List<ServerAddress> servers = ServerAddress.parseList("h3:3, h1:1 ,h2:2");
    assertThat(servers).extracting(ServerAddress::host).containsExactly("h3", "h1", "h2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"h:0", "h:65536", "h:-1", "h:abc", "h:", "h:123456"})
  void badPortsAreRefusedNamingThePort(String entry) {
    assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse(entry))
        .withMessageContaining("servers entry '" + entry + "'")
        .withMessageContaining("port")
        .withMessageContaining("1..65535");
  }

  @ParameterizedTest
  @ValueSource(strings = {"::1:11211", "[::1", "[::1]x", "[not:v6]:1", "[1.2.3.4]:1", "user@h:1", "h h:1"})
  void malformedEntriesAreRefusedNamingTheEntry(String entry) {
    assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse(entry))
        .withMessageContaining("'" + entry + "'");
  }

  @Test
  void duplicateServerIsRefusedWithBothPositions() {
    assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parseList("a:1,b:2,A:1"))
        .withMessageContaining("servers lists a:1 twice")
        .withMessageContaining("entries 0 and 2");
  }

  @Test
  void sameHostOnTwoPortsIsTwoServers() {
    assertThat(ServerAddress.parseList("a:1,a:2")).hasSize(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "a:1,,b:2", "a:1,"})
  void emptyListsAndEntriesAreRefused(String text) {
    assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parseList(text))
        .withMessageContaining("servers");
  }

  @Test
  void socketAddressCarriesHostAndPort() {
    var socket = new ServerAddress("127.0.0.1", 11311).socketAddress();
    assertThat(socket.getPort()).isEqualTo(11311);
    assertThat(socket.getHostString()).isEqualTo("127.0.0.1");
  }
}
