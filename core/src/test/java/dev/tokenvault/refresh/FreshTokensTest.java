package dev.tokenvault.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.AccessToken;
import dev.tokenvault.Connection;
import dev.tokenvault.ConnectionStatus;
import dev.tokenvault.EventType;
import dev.tokenvault.TokenvaultEvent;
import dev.tokenvault.TokenvaultException;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.RefreshLeases;
import dev.tokenvault.store.StoredTokens;
import dev.tokenvault.testing.MutableClock;
import dev.tokenvault.testing.ProgrammableProvider;
import dev.tokenvault.testing.ProgrammableProvider.Mode;
import dev.tokenvault.testing.TestDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreshTokensTest {
  private static final int CALLERS = 200;

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final ProgrammableProvider provider = new ProgrammableProvider(clock);
  private final ProviderRegistration registration = provider.registration("rotating");
  private final OAuthClient oauth = OAuthClient.create(Duration.ofSeconds(10), clock);
  private final Sealer sealer = TestDatabases.newSealer();
  private final List<Database> databases = new ArrayList<>();
  private final ConcurrentLinkedQueue<TokenvaultEvent> events = new ConcurrentLinkedQueue<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

  @AfterEach
  void close() {
    provider.close();
    databases.forEach(Database::close);
  }

  private Database h2() {
    Database db = TestDatabases.h2File(folder);
    databases.add(db);
    return db;
  }

  private FreshTokens freshTokens(Database db, TokenEndpoint endpoint) {
    return new FreshTokens(new Connections(db, sealer), new RefreshLeases(db), endpoint,
        provider -> Duration.ofMinutes(5), events::add, meters, clock, RefreshSettings.DEFAULTS);
  }

  private FreshTokens freshTokens(Database db) {
    return freshTokens(db, (p, token) -> oauth.refresh(registration, token));
  }

  /** A connection whose access token is already inside the refresh window. */
  private Connection expiringConnection(Database db) {
    TokenGrant grant = provider.issue(Duration.ofMinutes(1));
    return new Connections(db, sealer).upsert("user-1", "rotating", "account-1", grant, clock.instant());
  }

  /** A connection whose access token has really expired, not just entered the window. */
  private Connection expiredConnection(Database db, TokenGrant grant) {
    Connection connection = new Connections(db, sealer).upsert("u", "rotating", "a", grant, clock.instant());
    clock.advance(Duration.ofMinutes(2));
    return connection;
  }

  @Test
  void concurrentCallersCauseOneRefresh() throws Exception {
    Database db = h2();
    Connection connection = expiringConnection(db);
    FreshTokens tokens = freshTokens(db);
    provider.delay(Duration.ofMillis(200));

    List<AccessToken> got = callConcurrently(List.of(tokens), connection.id());

    assertThat(provider.refreshCalls()).isEqualTo(1);
    assertThat(got).hasSize(CALLERS).doesNotContainNull();
    assertThat(got.stream().distinct()).hasSize(1);
    assertStoredRefreshTokenIsTheProvidersCurrentOne(db, connection.id());
  }

  @Test
  void twoInstancesOnOnePostgresCauseOneRefresh() throws Exception {
    String url = TestDatabases.postgresUrl();
    Database first = Database.open(url, "postgres", "postgres", 8);
    Database second = Database.open(url, "postgres", "postgres", 8);
    databases.add(first);
    databases.add(second);
    Connection connection = expiringConnection(first);
    provider.delay(Duration.ofMillis(200));

    List<AccessToken> got = callConcurrently(List.of(freshTokens(first), freshTokens(second)), connection.id());

    assertThat(provider.refreshCalls()).isEqualTo(1);
    assertThat(got).hasSize(CALLERS).doesNotContainNull();
    assertThat(got.stream().distinct()).hasSize(1);
    assertStoredRefreshTokenIsTheProvidersCurrentOne(second, connection.id());
  }

  @Test
  void leaseLeftByDeadInstanceExpires() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    new RefreshLeases(db).tryAcquire(connection.id(), "dead-instance", Duration.ofSeconds(30), clock.instant());
    clock.advance(Duration.ofSeconds(31));

    AccessToken token = freshTokens(db).validAccessToken(connection.id());

    assertThat(provider.refreshCalls()).isEqualTo(1);
    assertThat(token).isNotNull();
    assertStoredRefreshTokenIsTheProvidersCurrentOne(db, connection.id());
  }

  @Test
  void validTokenIsServedWithoutRefresh() {
    Database db = h2();
    TokenGrant grant = provider.issue(Duration.ofHours(1));
    Connection connection = new Connections(db, sealer).upsert("u", "rotating", "a", grant, clock.instant());

    assertThat(freshTokens(db).validAccessToken(connection.id())).isEqualTo(grant.accessToken());
    assertThat(provider.refreshCalls()).isZero();
  }

  @Test
  void answerWithoutRefreshTokenKeepsTheStoredOne() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    String before = provider.currentRefreshToken();
    provider.mode(Mode.NO_ROTATION);

    freshTokens(db).validAccessToken(connection.id());

    StoredTokens stored = new Connections(db, sealer).tokens(connection.id()).orElseThrow();
    assertThat(stored.refreshToken().reveal()).isEqualTo(before);
    assertThat(stored.validBeyond(clock.instant(), Duration.ofMinutes(5))).isTrue();
  }

  @Test
  void newerTokenStoredDuringRefreshIsKeptAsARace() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    Connections connections = new Connections(db, sealer);
    TokenGrant newer = new TokenGrant(new AccessToken("newer-access"), new dev.tokenvault.RefreshToken("newer-refresh"),
        null, "Bearer", clock.instant().plus(Duration.ofHours(1)), java.util.Set.of());
    // Another writer stores a newer token while this instance waits for the provider.
    TokenEndpoint racing = (p, token) -> {
      long version = connections.tokens(connection.id()).orElseThrow().version();
      connections.storeRefreshed(connection.id(), version, newer, clock.instant());
      return oauth.refresh(registration, token);
    };

    AccessToken token = freshTokens(db, racing).validAccessToken(connection.id());

    assertThat(token).isEqualTo(newer.accessToken());
    assertThat(connections.tokens(connection.id()).orElseThrow().refreshToken()).isEqualTo(newer.refreshToken());
    assertThat(events).extracting(TokenvaultEvent::type).contains(EventType.REFRESH_RACE);
    assertThat(meters.counter("tokenvault.refresh.races").count()).isEqualTo(1.0);
  }

  @Test
  void invalidGrantForTheStoredTokenNeedsReauthAndWipesTokens() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    provider.mode(Mode.INVALID_GRANT);
    FreshTokens tokens = freshTokens(db);

    assertThatThrownBy(() -> tokens.validAccessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.NEEDS_REAUTH));

    StoredTokens stored = new Connections(db, sealer).tokens(connection.id()).orElseThrow();
    assertThat(stored.status()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
    assertThat(stored.accessToken()).isNull();
    assertThat(stored.refreshToken()).isNull();
    assertThat(events).extracting(TokenvaultEvent::type)
        .contains(EventType.REFRESH_TOKEN_REJECTED, EventType.NEEDS_REAUTH);
  }

  @Test
  void staleTokensRejectionDoesNotDestroyTheGoodGrant() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    Connections connections = new Connections(db, sealer);
    TokenGrant newer = new TokenGrant(new AccessToken("good-access"), new dev.tokenvault.RefreshToken("good-refresh"),
        null, "Bearer", clock.instant().plus(Duration.ofHours(1)), java.util.Set.of());
    // While our stale refresh token is being rejected, another instance stores a good grant.
    TokenEndpoint stale = (p, token) -> {
      long version = connections.tokens(connection.id()).orElseThrow().version();
      connections.storeRefreshed(connection.id(), version, newer, clock.instant());
      throw new dev.tokenvault.provider.ProviderException(
          dev.tokenvault.provider.ProviderException.Reason.INVALID_GRANT, "invalid_grant", "rejected");
    };

    AccessToken token = freshTokens(db, stale).validAccessToken(connection.id());

    assertThat(token).isEqualTo(newer.accessToken());
    assertThat(connections.tokens(connection.id()).orElseThrow().status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(events).extracting(TokenvaultEvent::type).doesNotContain(EventType.NEEDS_REAUTH);
  }

  @Test
  void serverErrorKeepsTokensAndBacksOff() {
    Database db = h2();
    TokenGrant grant = provider.issue(Duration.ofMinutes(1));
    Connection connection = expiredConnection(db, grant);
    provider.mode(Mode.SERVER_ERROR);
    FreshTokens tokens = freshTokens(db);

    assertThatThrownBy(() -> tokens.validAccessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class, e -> {
          assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.TRY_LATER);
          assertThat(e.retryAfter()).isPositive();
        });
    assertThatThrownBy(() -> tokens.validAccessToken(connection.id())).isInstanceOf(TokenvaultException.class);

    assertThat(provider.refreshCalls()).isEqualTo(1);
    StoredTokens stored = new Connections(db, sealer).tokens(connection.id()).orElseThrow();
    assertThat(stored.refreshToken().reveal()).isEqualTo(grant.refreshToken().reveal());
    assertThat(stored.status()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(events).extracting(TokenvaultEvent::type).contains(EventType.REFRESH_FAILED);

    clock.advance(Duration.ofSeconds(2));
    provider.mode(Mode.NORMAL);
    assertThat(tokens.validAccessToken(connection.id())).isNotEqualTo(grant.accessToken());
  }

  @Test
  void rateLimitHonoursRetryAfter() {
    Database db = h2();
    TokenGrant grant = provider.issue(Duration.ofMinutes(1));
    Connection connection = expiredConnection(db, grant);
    provider.mode(Mode.RATE_LIMITED);
    provider.retryAfterSeconds(120);

    assertThatThrownBy(() -> freshTokens(db).validAccessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class, e -> {
          assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.TRY_LATER);
          assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(120));
        });
  }

  @Test
  void providerDownInsideTheWindowStillServesTheCurrentToken() {
    Database db = h2();
    Connection connection = expiringConnection(db); // expires in 1 minute: inside the 5-minute window
    provider.mode(Mode.SERVER_ERROR);

    AccessToken token = freshTokens(db).validAccessToken(connection.id());

    assertThat(token).isEqualTo(new Connections(db, sealer).tokens(connection.id()).orElseThrow().accessToken());
  }

  @Test
  void garbageFromTheProviderKeepsTokens() {
    Database db = h2();
    TokenGrant grant = provider.issue(Duration.ofMinutes(1));
    Connection connection = expiredConnection(db, grant);
    provider.mode(Mode.GARBAGE);

    assertThatThrownBy(() -> freshTokens(db).validAccessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.PROVIDER_ERROR));
    assertThat(new Connections(db, sealer).tokens(connection.id()).orElseThrow().refreshToken())
        .isEqualTo(grant.refreshToken());
  }

  @Test
  void rejectedAccessTokenIsRefreshedOnceAndANewerOneIsReused() {
    Database db = h2();
    TokenGrant grant = provider.issue(Duration.ofHours(1));
    Connection connection = new Connections(db, sealer).upsert("u", "rotating", "a", grant, clock.instant());
    FreshTokens tokens = freshTokens(db);

    AccessToken fresh = tokens.afterRejection(connection.id(), grant.accessToken());
    AccessToken again = tokens.afterRejection(connection.id(), grant.accessToken());

    assertThat(fresh).isNotEqualTo(grant.accessToken());
    assertThat(again).isEqualTo(fresh);
    assertThat(provider.refreshCalls()).isEqualTo(1);
  }

  @Test
  void keepFreshRefreshesOnlyConnectionsInsideTheirWindow() {
    Database db = h2();
    Connection expiring = expiringConnection(db);
    TokenGrant later = new TokenGrant(new AccessToken("fresh-for-an-hour"), new dev.tokenvault.RefreshToken("rt-later"),
        null, "Bearer", clock.instant().plus(Duration.ofMinutes(50)), java.util.Set.of());
    new Connections(db, sealer).upsert("user-2", "rotating", "account-2", later, clock.instant());

    int refreshed = freshTokens(db).refreshExpiring(10);

    assertThat(refreshed).isEqualTo(1);
    assertThat(provider.refreshCalls()).isEqualTo(1);
    assertStoredRefreshTokenIsTheProvidersCurrentOne(db, expiring.id());
  }

  @Test
  void deadDatabaseGivesStorageUnavailableWithoutSecrets() {
    Database db = h2();
    Connection connection = expiringConnection(db);
    FreshTokens tokens = freshTokens(db);
    db.close();

    assertThatThrownBy(() -> tokens.validAccessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class, e -> {
          assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.STORAGE_UNAVAILABLE);
          assertThat(e.getMessage()).contains("try again later").doesNotContain(provider.currentRefreshToken());
        });
  }

  private List<AccessToken> callConcurrently(List<FreshTokens> instances, String connectionId) throws Exception {
    var start = new CountDownLatch(1);
    var futures = new ArrayList<Future<AccessToken>>();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CALLERS; i++) {
        FreshTokens instance = instances.get(i % instances.size());
        futures.add(executor.submit(() -> {
          start.await();
          return instance.validAccessToken(connectionId);
        }));
      }
      start.countDown();
      var results = new ArrayList<AccessToken>();
      for (Future<AccessToken> future : futures) {
        results.add(future.get());
      }
      return results;
    }
  }

  private void assertStoredRefreshTokenIsTheProvidersCurrentOne(Database db, String connectionId) {
    StoredTokens stored = new Connections(db, sealer).tokens(connectionId).orElseThrow();
    assertThat(provider.grantRevoked()).isFalse();
    assertThat(stored.refreshToken().reveal()).isEqualTo(provider.currentRefreshToken());
  }
}
