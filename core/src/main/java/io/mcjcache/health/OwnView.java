package io.mcjcache.health;

import io.mcjcache.routing.ClusterView;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** A view this process keeps to itself (copy-on-write in an atomic reference): {@code liveness.file=none}. */
public final class OwnView implements ViewSource {
  private static final FlushTurn NOTHING_TO_RELEASE = () -> {};

  private final AtomicReference<ClusterView> view;
  private final String scope = "own-" + Long.toHexString(new SecureRandom().nextLong());

  public OwnView(ClusterView initial) {
    this.view = new AtomicReference<>(initial);
  }

  @Override
  public ClusterView current() {
    return view.get();
  }

  @Override
  public ClusterView update(UnaryOperator<ClusterView> transition) {
    return view.updateAndGet(transition);
  }

  /** One prober thread per monitor: nobody else in this view flushes. */
  @Override
  public FlushTurn tryFlushTurn(int node) {
    return NOTHING_TO_RELEASE;
  }

  /** This view alone: its one monitor's prober thread. */
  @Override
  public String flushScope() {
    return scope;
  }

  /** Alone: this process is its own prober. */
  @Override
  public boolean probeTurn(long nowMillis, long staleAfterMillis) {
    return true;
  }

  @Override
  public void probing(long nowMillis) {
  }

  @Override
  public String describe() {
    return "own";
  }

  @Override
  public void close() {
  }
}
