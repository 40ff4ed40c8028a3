package io.mcjcache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mcjcache.MemcachedCacheManager;
import io.mcjcache.config.ClusterSettings;
import io.mcjcache.spring.boot.app.CachingApplication;
import io.mcjcache.spring.boot.app.TitleService;
import io.mcjcache.testkit.MemcachedClusterExtension;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.cache.jcache.JCacheCacheManager;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What an application writes, as whole Boot applications: {@code spring.cache.type=jcache} and the cache names
 * with nothing of mcjcache but {@code mcjcache.servers}, and a bad value that stops the application with an
 * error naming the property.
 */
class StarterConfigurationTest {
  @RegisterExtension
  static final MemcachedClusterExtension CLUSTER = MemcachedClusterExtension.withNodes(2);

  @Test
  void onlyTheServersAreNeededAndEveryOtherSettingIsMcjcachesDefault() {
    try (ConfigurableApplicationContext context = CachingApplication.start("minimal",
        "--mcjcache.servers=" + CLUSTER.cluster().serverList())) {
      MemcachedCacheManager manager = (MemcachedCacheManager) context.getBean(JCacheCacheManager.class)
          .getCacheManager();
      assertThat(manager.settings()).isEqualTo(ClusterSettings.parse(URI.create(CLUSTER.cluster().uri()), null,
          null));
      TitleService titles = context.getBean(TitleService.class);
      titles.title(7);
      titles.title(7);
      assertThat(titles.lookups()).isEqualTo(1);
    }
  }

  @Test
  void aBadValueStopsTheApplicationWithAnErrorNamingTheProperty() {
    assertThatThrownBy(() -> CachingApplication.start("minimal", "--mcjcache.servers=" + CLUSTER.cluster()
        .serverList(), "--mcjcache.all-down=ignore").close())
        .rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
        .hasMessage("Property mcjcache.all-down with value 'ignore' is invalid: must be one of error|miss, got"
            + " 'ignore'");
  }
}
