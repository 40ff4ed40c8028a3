package io.mcjcache.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Secrets in URIs and settings are never shown back, in messages or anywhere else. */
class SecretsTest {
  @Test
  void passwordsInQueriesAndUserInfoAreMasked() {
    assertThat(Secrets.mask("memcached://h:1?mirror=pairs&auth.password=s3cret&tls.keyStorePassword=k3y"))
        .isEqualTo("memcached://h:1?mirror=pairs&auth.password=****&tls.keyStorePassword=****");
    assertThat(Secrets.mask("memcached://app:s3cret@h:1,h2:2?namespace=x"))
        .isEqualTo("memcached://app:****@h:1,h2:2?namespace=x");
    assertThat(Secrets.mask("the query of 'memcached://h:1?apiToken=abc'")).isEqualTo(
        "the query of 'memcached://h:1?apiToken=****'");
    assertThat(Secrets.mask("memcached://h:1?namespace=passwords")).isEqualTo("memcached://h:1?namespace=passwords");
    assertThat(Secrets.mask(null)).isNull();
    assertThat(Secrets.isSecret("auth.password")).isTrue();
    assertThat(Secrets.isSecret("TLS.TRUSTSTOREPASSWORD")).isTrue();
    assertThat(Secrets.isSecret("auth.passwordFile")).isFalse();
    assertThat(Secrets.shown("auth.password", "x")).isEqualTo(Secrets.MASK);
  }

  @Test
  void anUnknownKeyErrorDoesNotEchoASecretOfTheUri() {
    URI uri = URI.create("memcached://127.0.0.1:11211?auth.pasword=s3cret&opTimeotMs=5");
    assertThatThrownBy(() -> ClusterSettings.parse(uri, new Properties(), getClass().getClassLoader()))
        .hasMessageContaining("unknown configuration key").hasMessageNotContaining("s3cret");
    URI userInfo = URI.create("memcached://app:s3cret@127.0.0.1:11211?bogus=1");
    assertThatThrownBy(() -> ClusterSettings.parse(userInfo, new Properties(), getClass().getClassLoader()))
        .hasMessageContaining("carries user information").hasMessageNotContaining("s3cret");
  }
}
