/**
 * mcjcache's router figures as Micrometer meters: {@link io.mcjcache.micrometer.RouterMetrics}, a
 * {@code MeterBinder} for plain Micrometer (the Spring Boot starter registers it as a bean).
 */
package io.mcjcache.micrometer;
