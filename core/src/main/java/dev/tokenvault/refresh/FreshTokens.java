package dev.tokenvault.refresh;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tokenvault.AccessToken;
import dev.tokenvault.ConnectionStatus;
import dev.tokenvault.EventType;
import dev.tokenvault.TokenvaultEvent;
import dev.tokenvault.TokenvaultException;
import dev.tokenvault.TokenvaultException.Reason;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.RefreshLeases;
import dev.tokenvault.store.StoredTokens;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands out access tokens that are valid, refreshing them once per expiry.
 *
 * <p>In one JVM, concurrent callers for a connection join the refresh in flight. Across instances,
 * a lease row decides who refreshes; the others wait for the token version to move. A refresh
 * result is stored with compare-and-set on the version that was read, so a rotated refresh token is
 * never lost and a stale one never overwrites a newer one.
 */
public final class FreshTokens {
  private static final Duration POLL_FIRST = Duration.ofMillis(10);
  private static final Duration POLL_MAX = Duration.ofMillis(250);

  private final Connections connections;
  private final RefreshLeases leases;
  private final TokenEndpoint endpoint;
  private final Function<String, Duration> refreshWindow;
  private final Consumer<TokenvaultEvent> events;
  private final Clock clock;
  private final RefreshSettings settings;
  private final String holder = "tokenvault-" + UUID.randomUUID();
  private final ConcurrentHashMap<String, CompletableFuture<AccessToken>> inFlight = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Backoff> backoffs = new ConcurrentHashMap<>();
  private final Cache<String, StoredTokens> cache;
  private final MeterRegistry meters;
  private final Counter reads;
  private final Counter races;

  public FreshTokens(
      Connections connections,
      RefreshLeases leases,
      TokenEndpoint endpoint,
      Function<String, Duration> refreshWindow,
      Consumer<TokenvaultEvent> events,
      MeterRegistry meters,
      Clock clock,
      RefreshSettings settings) {
    this.connections = Objects.requireNonNull(connections, "connections");
    this.leases = Objects.requireNonNull(leases, "leases");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.refreshWindow = Objects.requireNonNull(refreshWindow, "refreshWindow");
    this.events = Objects.requireNonNull(events, "events");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = Caffeine.newBuilder()
        .maximumSize(settings.cacheSize())
        .expireAfterWrite(settings.cacheTtl())
        .build();
    this.reads = meters.counter("tokenvault.token.reads");
    this.races = meters.counter("tokenvault.refresh.races");
  }

  /** An access token that stays valid beyond the provider's refresh window. */
  public AccessToken validAccessToken(String connectionId) {
    reads.increment();
    StoredTokens cached = settings.cacheTtl().isZero() ? null : cache.getIfPresent(connectionId);
    if (cached != null && !needsRefresh(cached, null, clock.instant())) {
      return cached.accessToken();
    }
    StoredTokens stored = read(connectionId);
    if (!needsRefresh(stored, null, clock.instant())) {
      remember(stored);
      return stored.accessToken();
    }
    return refreshOnce(connectionId, null);
  }

  /**
   * The provider answered 401 to {@code rejected}: refresh, unless a newer token is already stored,
   * in which case that one is returned.
   */
  public AccessToken afterRejection(String connectionId, AccessToken rejected) {
    Objects.requireNonNull(rejected, "rejected");
    cache.invalidate(connectionId);
    StoredTokens stored = read(connectionId);
    if (!needsRefresh(stored, rejected, clock.instant())) {
      return stored.accessToken();
    }
    return refreshOnce(connectionId, rejected);
  }

  /** Refreshes up to {@code limit} active connections that expire within their window; returns how many. */
  public int refreshExpiring(int limit) {
    Instant horizon = clock.instant().plus(Duration.ofHours(1));
    int refreshed = 0;
    for (String id : connections.activeExpiringBefore(horizon, limit)) {
      try {
        StoredTokens stored = read(id);
        if (needsRefresh(stored, null, clock.instant())) {
          refreshOnce(id, null);
          refreshed++;
        }
      } catch (TokenvaultException e) {
        // Already recorded as an event; one bad connection must not stop the batch.
      }
    }
    return refreshed;
  }

  /** Drops any cached token of the connection (after a sign-in or disconnect). */
  public void forget(String connectionId) {
    cache.invalidate(connectionId);
  }

  private AccessToken refreshOnce(String connectionId, AccessToken rejected) {
    var mine = new CompletableFuture<AccessToken>();
    CompletableFuture<AccessToken> running = inFlight.putIfAbsent(connectionId, mine);
    if (running != null) {
      return join(running);
    }
    try {
      AccessToken token = refreshAcrossInstances(connectionId, rejected);
      mine.complete(token);
      return token;
    } catch (RuntimeException e) {
      mine.completeExceptionally(e);
      throw e;
    } finally {
      inFlight.remove(connectionId, mine);
    }
  }

  private static AccessToken join(CompletableFuture<AccessToken> running) {
    try {
      return running.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  private AccessToken refreshAcrossInstances(String connectionId, AccessToken rejected) {
    Instant deadline = clock.instant().plus(settings.waitTimeout());
    Duration poll = POLL_FIRST;
    while (true) {
      StoredTokens stored = read(connectionId);
      Instant now = clock.instant();
      if (!needsRefresh(stored, rejected, now)) {
        remember(stored);
        return stored.accessToken();
      }
      if (inBackoff(connectionId, now)) {
        if (stored.validBeyond(now, Duration.ZERO) && !stored.accessToken().equals(rejected)) {
          return stored.accessToken();
        }
        throw new TokenvaultException(Reason.TRY_LATER,
            "The provider failed to refresh this token a moment ago; try again later",
            Duration.between(now, backoffs.get(connectionId).until()), null);
      }
      if (stored.refreshToken() == null) {
        throw new TokenvaultException(Reason.NEEDS_REAUTH,
            "The access token has expired and the provider issued no refresh token; sign in again");
      }
      if (leases.tryAcquire(connectionId, holder, settings.leaseTtl(), now)) {
        try {
          AccessToken token = refreshHoldingLease(connectionId, rejected);
          if (token != null) {
            return token;
          }
        } finally {
          leases.release(connectionId, holder);
        }
      } else if (clock.instant().isAfter(deadline)) {
        throw new TokenvaultException(Reason.TRY_LATER,
            "Another instance is still refreshing this connection's token; try again shortly",
            Duration.ofSeconds(1), null);
      } else {
        pause(poll);
        poll = poll.multipliedBy(2).compareTo(POLL_MAX) > 0 ? POLL_MAX : poll.multipliedBy(2);
      }
    }
  }

  /** Returns the new token, or null when another writer moved the version and the loop should re-read. */
  private AccessToken refreshHoldingLease(String connectionId, AccessToken rejected) {
    // Re-read under the lease: the previous holder may have just stored a new token.
    StoredTokens stored = read(connectionId);
    if (!needsRefresh(stored, rejected, clock.instant())) {
      remember(stored);
      return stored.accessToken();
    }
    if (stored.refreshToken() == null) {
      return null;
    }
    Timer.Sample sample = Timer.start(meters);
    TokenGrant grant;
    try {
      grant = endpoint.refresh(stored.provider(), stored.refreshToken());
    } catch (ProviderException e) {
      record(sample, stored.provider(), outcomeOf(e));
      return afterFailure(stored, e);
    }
    if (connections.storeRefreshed(connectionId, stored.version(), grant, clock.instant())) {
      record(sample, stored.provider(), "refreshed");
      backoffs.remove(connectionId);
      cache.invalidate(connectionId);
      emit(EventType.REFRESHED, stored, grant.refreshToken() != null ? "refresh token rotated" : null);
      return grant.accessToken();
    }
    // Someone stored a newer token while we asked the provider: a race, not theft. Keep theirs.
    record(sample, stored.provider(), "race");
    races.increment();
    emit(EventType.REFRESH_RACE, stored, "a newer token was stored first; kept it");
    return null;
  }

  private AccessToken afterFailure(StoredTokens stored, ProviderException failure) {
    Instant now = clock.instant();
    if (failure.reason() == ProviderException.Reason.INVALID_GRANT) {
      if (connections.markNeedsReauth(stored.connectionId(), stored.version(), now)) {
        cache.invalidate(stored.connectionId());
        emit(EventType.REFRESH_TOKEN_REJECTED, stored,
            "provider answered invalid_grant for the stored refresh token; it may have been used elsewhere");
        emit(EventType.NEEDS_REAUTH, stored, "tokens wiped");
        throw new TokenvaultException(Reason.NEEDS_REAUTH,
            "The provider no longer accepts this connection's grant; sign in again");
      }
      // The stored token moved on while a stale one failed: the grant is fine, re-read it.
      return null;
    }
    Backoff backoff = backoffs.merge(stored.connectionId(),
        new Backoff(now.plus(delay(settings.firstBackoff(), failure)), settings.firstBackoff()),
        (previous, first) -> previous.next(now, failure, settings.maxBackoff()));
    emit(EventType.REFRESH_FAILED, stored, failure.getMessage());
    if (stored.validBeyond(now, Duration.ZERO)) {
      // Inside the refresh window but not yet expired: the current token still works.
      return stored.accessToken();
    }
    if (failure.isTransient()) {
      throw new TokenvaultException(Reason.TRY_LATER,
          "The provider could not refresh the token right now (" + failure.getMessage() + "); try again later",
          Duration.between(now, backoff.until()), null);
    }
    throw new TokenvaultException(Reason.PROVIDER_ERROR,
        "The provider refused to refresh the token: " + failure.getMessage(), null, null);
  }

  private boolean inBackoff(String connectionId, Instant now) {
    Backoff backoff = backoffs.get(connectionId);
    return backoff != null && now.isBefore(backoff.until());
  }

  private StoredTokens read(String connectionId) {
    StoredTokens stored = connections.tokens(connectionId)
        .orElseThrow(() -> new TokenvaultException(Reason.NOT_FOUND, "No connection with id " + connectionId));
    if (stored.status() != ConnectionStatus.ACTIVE) {
      cache.invalidate(connectionId);
      throw new TokenvaultException(Reason.NEEDS_REAUTH,
          stored.status() == ConnectionStatus.REVOKED
              ? "This connection was disconnected; sign in again to reconnect"
              : "The provider no longer accepts this connection's grant; sign in again");
    }
    return stored;
  }

  private boolean needsRefresh(StoredTokens stored, AccessToken rejected, Instant now) {
    if (stored.accessToken() == null || stored.accessToken().equals(rejected)) {
      return true;
    }
    return !stored.validBeyond(now, refreshWindow.apply(stored.provider()));
  }

  private void remember(StoredTokens stored) {
    if (!settings.cacheTtl().isZero()) {
      cache.put(stored.connectionId(), stored);
    }
  }

  private void emit(EventType type, StoredTokens stored, String detail) {
    events.accept(new TokenvaultEvent(type, clock.instant(), stored.connectionId(), stored.userId(),
        stored.provider(), detail));
  }

  private void record(Timer.Sample sample, String provider, String outcome) {
    sample.stop(meters.timer("tokenvault.refreshes", "provider", provider, "outcome", outcome));
  }

  private static String outcomeOf(ProviderException e) {
    return e.reason().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Duration delay(Duration wanted, ProviderException failure) {
    Duration asked = failure.retryAfter();
    return asked != null && asked.compareTo(wanted) > 0 ? asked : wanted;
  }

  private static void pause(Duration poll) {
    long jitter = ThreadLocalRandom.current().nextLong(poll.toMillis() / 2 + 1);
    try {
      Thread.sleep(poll.toMillis() + jitter);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TokenvaultException(Reason.TRY_LATER, "Interrupted while waiting for a refresh", null, e);
    }
  }

  private record Backoff(Instant until, Duration last) {
    Backoff next(Instant now, ProviderException failure, Duration max) {
      Duration doubled = last.multipliedBy(2);
      Duration capped = doubled.compareTo(max) > 0 ? max : doubled;
      Duration wait = delay(capped, failure);
      return new Backoff(now.plus(wait), capped);
    }
  }
}
