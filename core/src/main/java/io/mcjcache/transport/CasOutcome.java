package io.mcjcache.transport;

/** The three answers a compare-and-swap can get; a node failure is an exception instead. */
public enum CasOutcome {
  /** The CAS token matched and the value was stored. */
  STORED,
  /** The item exists but was changed since the token was read: the caller lost a race. */
  EXISTS,
  /** The item is gone (expired, evicted or deleted) since the token was read. */
  NOT_FOUND
}
