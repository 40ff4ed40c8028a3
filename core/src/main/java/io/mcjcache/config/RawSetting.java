package io.mcjcache.config;

/**
 * A configuration value as text, with where it came from, so an error can tell the user which of
 * the URI, the file and the caller's properties to fix.
 *
 * @param value the text, not yet checked
 * @param origin for messages, e.g. {@code URI query of memcached://h1:11211?...}
 */
record RawSetting(String value, String origin) {}
