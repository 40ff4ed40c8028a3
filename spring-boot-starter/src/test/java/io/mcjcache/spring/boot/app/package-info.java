/** The Spring Boot application the starter's tests run: {@code @Cacheable} on mcjcache. */
package io.mcjcache.spring.boot.app;
