package io.mcjcache.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code mcjcache.servers} is set, in any form Boot binds a list from ({@code servers=a,b} in a
 * properties file, a YAML list, {@code MCJCACHE_SERVERS}). {@code @ConditionalOnProperty} sees only the first
 * form. Set but empty still matches, so that the manager's creation reports the empty list as the error it is.
 */
final class OnServersCondition extends SpringBootCondition {

  static final String PROPERTY = "mcjcache.servers";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    boolean bound = Binder.get(context.getEnvironment()).bind(PROPERTY, Bindable.listOf(String.class)).isBound()
        || context.getEnvironment().containsProperty(PROPERTY);
    return bound ? ConditionOutcome.match(PROPERTY + " is set")
        : ConditionOutcome.noMatch(PROPERTY + " is not set: no mcjcache cache manager");
  }
}
