package io.mcjcache.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import javax.cache.expiry.AccessedExpiryPolicy;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.expiry.ModifiedExpiryPolicy;
import org.junit.jupiter.api.Test;

/**
 * The spec's three expiry questions answered in absolute milliseconds: durations, zero (expired at once),
 * eternal, null ("unchanged" for updates and accesses), a policy that throws (never breaks the operation),
 * an overflowing duration, and closing a policy that holds resources.
 */
class ExpiryTimesTest {
  private static final long NOW = 1_000_000L;

  @Test
  void durationsBecomeAbsoluteTimesAndZeroExpiresAtOnce() {
    ExpiryTimes created = new ExpiryTimes(new CreatedExpiryPolicy(new Duration(TimeUnit.SECONDS, 5)));
    assertThat(created.forCreation(NOW)).isEqualTo(NOW + 5_000);
    assertThat(created.forUpdate(NOW)).as("created policy: updates keep the time").isEqualTo(ExpiryTimes.UNCHANGED);
    assertThat(created.forAccess(NOW)).isEqualTo(ExpiryTimes.UNCHANGED);

    ExpiryTimes accessed = new ExpiryTimes(new AccessedExpiryPolicy(Duration.ZERO));
    assertThat(accessed.forAccess(NOW)).as("zero: expired at once").isEqualTo(NOW);

    ExpiryTimes modified = new ExpiryTimes(new ModifiedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, 7)));
    assertThat(modified.forUpdate(NOW)).isEqualTo(NOW + 7);
  }

  @Test
  void eternalPoliciesAndOverflowsNeverExpire() {
    ExpiryTimes eternal = new ExpiryTimes(new EternalExpiryPolicy());
    assertThat(eternal.isEternal()).isTrue();
    assertThat(eternal.forCreation(NOW)).isEqualTo(ExpiryTimes.ETERNAL);

    ExpiryTimes huge = new ExpiryTimes(new CreatedExpiryPolicy(new Duration(TimeUnit.MILLISECONDS, Long.MAX_VALUE)));
    assertThat(huge.isEternal()).isFalse();
    assertThat(huge.forCreation(NOW)).as("now + a duration past Long.MAX_VALUE").isEqualTo(ExpiryTimes.ETERNAL);
  }

  @Test
  void aPolicyThatThrowsNeverBreaksTheOperation() {
    ExpiryTimes failing = new ExpiryTimes(new ExpiryPolicy() {
      @Override
      public Duration getExpiryForCreation() {
        throw new IllegalStateException("creation");
      }

      @Override
      public Duration getExpiryForAccess() {
        throw new IllegalStateException("access");
      }

      @Override
      public Duration getExpiryForUpdate() {
        throw new IllegalStateException("update");
      }
    });
    assertThat(failing.forCreation(NOW)).as("a new entry then lives forever").isEqualTo(ExpiryTimes.ETERNAL);
    assertThat(failing.forUpdate(NOW)).as("an existing one keeps its time").isEqualTo(ExpiryTimes.UNCHANGED);
    assertThat(failing.forAccess(NOW)).isEqualTo(ExpiryTimes.UNCHANGED);
    assertThat(ExpiryTimes.orCurrent(ExpiryTimes.UNCHANGED, 42)).isEqualTo(42);
    assertThat(ExpiryTimes.orCurrent(7, 42)).isEqualTo(7);
  }

  @Test
  void closingClosesAPolicyThatHoldsResourcesEvenIfItThrows() {
    class ClosablePolicy implements ExpiryPolicy, Closeable {
      int closed;

      @Override
      public Duration getExpiryForCreation() {
        return Duration.ETERNAL;
      }

      @Override
      public Duration getExpiryForAccess() {
        return null;
      }

      @Override
      public Duration getExpiryForUpdate() {
        return null;
      }

      @Override
      public void close() {
        closed++;
        throw new IllegalStateException("closing failed");
      }
    }
    ClosablePolicy policy = new ClosablePolicy();
    new ExpiryTimes(policy).close();
    assertThat(policy.closed).isEqualTo(1);
  }
}
