/**
 * The host's shared liveness view ({@code liveness.file}, docs/operations.md "Across several client JVMs")
 * on real client JVMs of one host, a real memcached cluster and real faults.
 *
 * <p>{@link io.mcjcache.integration.liveness.HostSharedViewTest} proves README guarantee 6: guarantee 3
 * holds for all the processes of one host together, so no process reads a value that a write or remove
 * acknowledged by any process of the host before the read began had superseded or removed. Child JVMs
 * ({@link io.mcjcache.integration.liveness.KeyMixClient}) put, remove and get shared keys while nodes are
 * killed, paused, resumed and restarted at random; every call is timed with the host's monotonic clock and
 * {@link io.mcjcache.integration.liveness.HistoryChecker} (unit-tested on hand-made histories) judges the
 * merged history. It also measures, without asserting, the same schedule with each JVM deciding alone
 * ({@code liveness.file=none}).
 *
 * <p>Probing is shared too: {@link io.mcjcache.integration.liveness.SharedProbingTest} (two application
 * JVMs probe once between them, and the survivor takes over when the prober is killed) and
 * {@link io.mcjcache.integration.liveness.AgentTest} (the host's agent takes the probing over from an
 * application process, which takes it back when the agent is killed).
 */
package io.mcjcache.integration.liveness;
