/**
 * Spring Boot auto-configuration for mcjcache: the JCache {@code CacheManager} from typed {@code mcjcache.*}
 * properties ({@link io.mcjcache.spring.boot.McjcacheProperties}), an actuator health indicator and the router
 * figures as Micrometer meters. docs/integrations.md, "Spring Boot", says what each does and why.
 */
package io.mcjcache.spring.boot;
