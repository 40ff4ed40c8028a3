/**
 * Atomic updates ({@code Cache.invoke}) from several real client JVMs on one mcjcache cluster: a test
 * starts child JVMs ({@link io.mcjcache.integration.atomic.CounterClient}) that increment one counter at
 * once, with and without faults on the key's owner node, and checks that no increment gave up or was
 * lost. Uses the provider's public placement ({@code KeyEncoder}, {@code Router}) to find that owner.
 */
package io.mcjcache.integration.atomic;
