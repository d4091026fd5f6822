package dev.tokenvault.refresh;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link FreshTokens} refreshes.
 *
 * @param leaseTtl how long one instance may hold a connection's refresh lease; longer than the
 *     provider call's timeout, so a live holder never loses it, short enough that a dead one's
 *     expires soon
 * @param waitTimeout how long a caller waits for a refresh running elsewhere before giving up with
 *     "try later"
 * @param firstBackoff pause after a failed refresh before the provider is asked again; doubles on
 *     each further failure up to {@code maxBackoff}
 * @param cacheTtl how long an opened access token is served from memory without a database read;
 *     zero turns the cache off
 * @param cacheSize how many connections the cache holds at most
 */
public record RefreshSettings(
    Duration leaseTtl,
    Duration waitTimeout,
    Duration firstBackoff,
    Duration maxBackoff,
    Duration cacheTtl,
    int cacheSize) {

  public static final RefreshSettings DEFAULTS = new RefreshSettings(
      Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(5),
      Duration.ofSeconds(5), 100_000);

  public RefreshSettings {
    requirePositive("leaseTtl", leaseTtl);
    requirePositive("waitTimeout", waitTimeout);
    requirePositive("firstBackoff", firstBackoff);
    requirePositive("maxBackoff", maxBackoff);
    Objects.requireNonNull(cacheTtl, "cacheTtl");
    if (cacheTtl.isNegative()) {
      throw new IllegalArgumentException("cacheTtl must be zero (off) or positive, was " + cacheTtl);
    }
    if (cacheSize < 1) {
      throw new IllegalArgumentException("cacheSize must be at least 1, was " + cacheSize);
    }
    if (maxBackoff.compareTo(firstBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be below firstBackoff (" + firstBackoff + ")");
    }
  }

  private static void requirePositive(String name, Duration value) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  public RefreshSettings withCacheTtl(Duration ttl) {
    return new RefreshSettings(leaseTtl, waitTimeout, firstBackoff, maxBackoff, ttl, cacheSize);
  }

  public RefreshSettings withLeaseTtl(Duration ttl) {
    return new RefreshSettings(ttl, waitTimeout, firstBackoff, maxBackoff, cacheTtl, cacheSize);
  }
}
