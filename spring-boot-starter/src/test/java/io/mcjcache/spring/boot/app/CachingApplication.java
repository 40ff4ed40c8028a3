package io.mcjcache.spring.boot.app;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot application that caches with {@code @Cacheable} on mcjcache through the starter, configured by
 * a properties file of its own ({@code spring.config.name}) and the cluster's servers on the command line.
 */
@SpringBootApplication
@EnableCaching
public class CachingApplication {

  /** Starts the application as {@code java -jar app.jar --spring.config.name=<configName> --<arg>...} would. */
  public static ConfigurableApplicationContext start(String configName, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "--spring.config.name=" + configName;
    System.arraycopy(args, 0, all, 1, args.length);
    return new SpringApplicationBuilder(CachingApplication.class).run(all);
  }

  public static void main(String[] args) {
    SpringApplication.run(CachingApplication.class, args);
  }
}
