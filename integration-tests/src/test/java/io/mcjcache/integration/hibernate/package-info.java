/**
 * Hibernate ORM 6.6 with hibernate-jcache, H2 and mcjcache on real memcached: a small domain (authors,
 * books, shipments with a long composite id), a way to start Hibernate on a cluster, and the tests.
 * Talks to mcjcache only through Hibernate's settings and the {@code javax.cache} API.
 */
package io.mcjcache.integration.hibernate;
