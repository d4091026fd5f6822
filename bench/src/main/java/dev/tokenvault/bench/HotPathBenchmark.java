package dev.tokenvault.bench;

import dev.tokenvault.AccessToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.refresh.FreshTokens;
import dev.tokenvault.refresh.RefreshSettings;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.RefreshLeases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * "Give me a valid access token" for a connection whose token is fresh: Tokenvault (sealed at rest,
 * with and without its short in-memory cache) against Spring Security's OAuth2 client on its JDBC
 * store, on the same database.
 */
@State(Scope.Benchmark)
public class HotPathBenchmark {
  @Param({"h2", "postgres"})
  public String database;

  @Param({"tokenvault", "tokenvault-nocache", "spring"})
  public String client;

  private Database tokenvaultDb;
  private FreshTokens fresh;
  private String connectionId;
  private SpringPeer spring;

  @Setup(Level.Trial)
  public void setUp() {
    String url = Databases.url(database);
    Instant expires = Instant.now().plus(Duration.ofHours(1));
    tokenvaultDb = Databases.open(url);
    if (client.startsWith("tokenvault")) {
      var connections = new Connections(tokenvaultDb, Keyring.generate().sealer());
      connectionId = connections.upsert("user-1", "todoist", "account-1", new TokenGrant(new AccessToken("access-" + expires),
          new RefreshToken("refresh-token-value"), null, "Bearer", expires, Set.of()), Instant.now()).id();
      RefreshSettings settings = client.equals("tokenvault") ? RefreshSettings.DEFAULTS
          : RefreshSettings.DEFAULTS.withCacheTtl(Duration.ZERO);
      fresh = new FreshTokens(connections, new RefreshLeases(tokenvaultDb), (p, t) -> {
        throw new IllegalStateException("a fresh token must not be refreshed");
      }, p -> Duration.ofMinutes(5), e -> { }, new SimpleMeterRegistry(), Clock.systemUTC(), settings);
    } else {
      spring = new SpringPeer(tokenvaultDb.dataSource(), database.equals("postgres"), URI.create("http://127.0.0.1:9/token"));
      spring.store("user-1", "access-" + expires, "refresh-token-value", expires);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    tokenvaultDb.close();
  }

  @Benchmark
  public Object validAccessToken() {
    return fresh != null ? fresh.validAccessToken(connectionId) : spring.accessToken("user-1");
  }
}
