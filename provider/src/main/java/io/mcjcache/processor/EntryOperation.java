package io.mcjcache.processor;

/**
 * What an entry processor did to its entry, which decides the write, the event, the statistics and the
 * expiry question ({@code ACCESS} asks the policy about an access, {@code CREATE} and {@code LOAD} about
 * a creation, {@code UPDATE} about an update).
 */
public enum EntryOperation {
  /** Nothing observable: the entry is left alone. */
  NONE,
  /** Read an existing value. */
  ACCESS,
  /** Set a value where there was none. */
  CREATE,
  /** Read through the loader where there was no value; stored, but not counted as a put. */
  LOAD,
  /** Replaced an existing value. */
  UPDATE,
  /** Removed an existing value. */
  REMOVE
}
