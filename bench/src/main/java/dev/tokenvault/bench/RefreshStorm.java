package dev.tokenvault.bench;

import dev.tokenvault.AccessToken;
import dev.tokenvault.ClientSecret;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.Providers;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.refresh.FreshTokens;
import dev.tokenvault.refresh.RefreshSettings;
import dev.tokenvault.sandbox.SandboxSettings;
import dev.tokenvault.sandbox.TodoistSandbox;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.RefreshLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * N callers ask for a token the moment it has expired, against a sandbox that rotates refresh
 * tokens strictly (no grace: like GitHub Apps or Discord) and answers in 50 ms. Counts calls to the
 * token endpoint and caller failures, checks that the stored grant still refreshes afterwards, and times
 * how long until every caller has an answer.
 */
final class RefreshStorm {
  /** One row of the result table. */
  record Outcome(String side, int callers, int tokenCalls, int failures, boolean grantAlive, long millis) {}

  private RefreshStorm() {}

  static Outcome tokenvault(int callers, int instances, String database) throws Exception {
    try (var sandbox = sandbox()) {
      var grant = sandbox.grant("storm");
      String url = Databases.url(database);
      Sealer sealer = Keyring.generate().sealer();
      var oauth = OAuthClient.create(Duration.ofSeconds(10), Clock.systemUTC());
      var registration = registration(sandbox);
      List<Database> pools = new ArrayList<>();
      List<FreshTokens> sides = new ArrayList<>();
      String id = null;
      for (int i = 0; i < instances; i++) {
        Database db = Databases.open(url);
        pools.add(db);
        var connections = new Connections(db, sealer);
        if (id == null) {
          id = connections.upsert("u", "todoist", "a", new TokenGrant(new AccessToken(grant.accessToken()),
              new RefreshToken(grant.refreshToken()), null, "Bearer", Instant.now().minusSeconds(1), Set.of()), Instant.now()).id();
        }
        sides.add(new FreshTokens(connections, new RefreshLeases(db), (p, t) -> oauth.refresh(registration, t),
            p -> Duration.ofMinutes(5), e -> { }, new SimpleMeterRegistry(), Clock.systemUTC(), RefreshSettings.DEFAULTS));
      }
      String connectionId = id;
      var counter = new AtomicInteger();
      Outcome outcome = storm("Tokenvault" + (instances > 1 ? " ×" + instances + " instances" : ""), callers, sandbox,
          () -> sides.get(counter.getAndIncrement() % sides.size()).validAccessToken(connectionId).reveal(),
          () -> new Connections(pools.get(0), sealer).tokens(connectionId).map(t -> t.refreshToken().reveal()).orElse(null),
          registration, oauth);
      pools.forEach(Database::close);
      return outcome;
    }
  }

  static Outcome spring(int callers) throws Exception {
    try (var sandbox = sandbox()) {
      var grant = sandbox.grant("storm");
      Database db = Databases.open(Databases.url("h2"));
      var spring = new SpringPeer(db.dataSource(), false, sandbox.baseUri().resolve("/oauth/access_token"));
      spring.store("u", grant.accessToken(), grant.refreshToken(), Instant.now().minusSeconds(1));
      Outcome outcome = storm("Spring Security OAuth2 client", callers, sandbox, () -> spring.accessToken("u"),
          () -> spring.storedRefreshToken("u"), registration(sandbox), OAuthClient.create(Duration.ofSeconds(10), Clock.systemUTC()));
      db.close();
      return outcome;
    }
  }

  private static Outcome storm(String side, int callers, TodoistSandbox sandbox, Supplier<String> call,
      Supplier<String> storedRefreshToken, ProviderRegistration registration, OAuthClient oauth) throws Exception {
    var start = new CountDownLatch(1);
    var futures = new ArrayList<Future<String>>();
    long began;
    int failures = 0;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return call.get();
        }));
      }
      began = System.nanoTime();
      start.countDown();
      for (Future<String> f : futures) {
        try {
          f.get();
        } catch (Exception e) {
          failures++;
        }
      }
    }
    long millis = (System.nanoTime() - began) / 1_000_000;
    int tokenCalls = sandbox.requests("POST /oauth/access_token");
    boolean alive = false;
    String stored = storedRefreshToken.get();
    if (stored != null) {
      try {
        oauth.refresh(registration, new RefreshToken(stored));
        alive = true;
      } catch (ProviderException e) {
        alive = false;
      }
    }
    return new Outcome(side, callers, tokenCalls, failures, alive, millis);
  }

  private static TodoistSandbox sandbox() {
    return TodoistSandbox.start(SandboxSettings.builder().refreshGrace(Duration.ZERO).latency(Duration.ofMillis(50)).build());
  }

  private static ProviderRegistration registration(TodoistSandbox sandbox) {
    return new ProviderRegistration(Providers.todoistAt(sandbox.baseUri()), "sandbox-client",
        new ClientSecret("sandbox-secret"), URI.create("http://127.0.0.1:9/callback"), List.of());
  }
}
