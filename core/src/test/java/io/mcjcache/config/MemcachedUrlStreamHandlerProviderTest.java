package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.spi.URLStreamHandlerProvider;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Frameworks turn a configured cache URI into a {@link URL} and back (Hibernate's
 * {@code hibernate.javax.cache.uri}); an inline cluster URI must come out exactly as it went in.
 */
class MemcachedUrlStreamHandlerProviderTest {

  @Test
  void isRegisteredForTheJdkToFind() {
    assertThat(ServiceLoader.load(URLStreamHandlerProvider.class, ClassLoader.getSystemClassLoader()).stream()
        .map(ServiceLoader.Provider::type))
        .contains(MemcachedUrlStreamHandlerProvider.class);
    assertThat(new MemcachedUrlStreamHandlerProvider().createURLStreamHandler("memcached")).isNotNull();
    assertThat(new MemcachedUrlStreamHandlerProvider().createURLStreamHandler("http")).isNull();
  }

  @Test
  void inlineClusterUrisRoundTripThroughUrlUnchanged() throws Exception {
    for (String text : new String[] {
        "memcached://127.0.0.1:11211,127.0.0.1:11212?mirror=pairs&namespace=orders",
        "memcached://cache1,cache2:11300",
        "memcached://cache1:11211/",
        "memcached://%5B::1%5D:11211,%5B::2%5D:11211?opTimeoutMs=300",
        "memcached://[::1]:11211"}) {
      URL url = new URL(text);

      assertThat(url.toURI()).as(text).isEqualTo(new URI(text));
      assertThat(url.toExternalForm()).isEqualTo(text);
    }
    URL parsed = new URL("memcached://a:1,b:2/?x=y");
    assertThat(parsed.getAuthority()).isEqualTo("a:1,b:2");
    assertThat(parsed.getPath()).isEqualTo("/");
    assertThat(parsed.getQuery()).isEqualTo("x=y");
  }

  @Test
  void theResultingUriOpensTheSameSettingsAsTheOriginal() throws Exception {
    String text = "memcached://127.0.0.1:11211,127.0.0.1:11212?mirror=pairs&namespace=orders&opTimeoutMs=300";
    ClassLoader loader = getClass().getClassLoader();

    assertThat(SettingsParser.parse(new URL(text).toURI(), null, loader))
        .isEqualTo(SettingsParser.parse(URI.create(text), null, loader));
  }

  @Test
  void equalUrlsAreEqualWithoutResolvingTheirServers() throws Exception {
    // Unresolvable names: the default handler would look them up; this one compares text.
    URL first = new URL("memcached://no-such-host.invalid:1,other.invalid:2");
    URL second = new URL("memcached://NO-SUCH-HOST.invalid:1,other.invalid:2");

    assertThat(first).isEqualTo(second);
    assertThat(first.hashCode()).isEqualTo(second.hashCode());
    assertThat(first).isNotEqualTo(new URL("memcached://no-such-host.invalid:1"));
  }

  @Test
  void aUrlWithoutTheDoubleSlashIsMalformedAndNamesTheExpectedForm() {
    assertThatThrownBy(() -> new URL("memcached:cache1:11211"))
        .isInstanceOf(MalformedURLException.class)
        .hasMessageContaining("expected memcached://host:port");
  }

  @Test
  void openingTheUrlExplainsThatItNamesServers() throws Exception {
    URL url = new URL("memcached://127.0.0.1:11211");

    assertThatThrownBy(url::openStream)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("memcached://127.0.0.1:11211")
        .hasMessageContaining("CacheManager URI");
  }
}
