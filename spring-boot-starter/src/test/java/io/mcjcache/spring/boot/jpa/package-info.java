/** A Spring Boot JPA application with Hibernate's second-level cache on mcjcache, set up in application.properties. */
package io.mcjcache.spring.boot.jpa;
