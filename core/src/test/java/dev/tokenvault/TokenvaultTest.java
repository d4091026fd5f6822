package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.provider.ProviderProfile;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.signin.SignInException;
import dev.tokenvault.store.Database;
import dev.tokenvault.testing.MutableClock;
import dev.tokenvault.testing.ProgrammableProvider;
import dev.tokenvault.testing.Redirects;
import dev.tokenvault.testing.TestDatabases;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade end to end: sign-in, tokens, API calls, disconnect, against real servers on loopback. */
class TokenvaultTest {
  private static MockOAuth2Server server;
  private static ProviderProfile mockProfile;

  @TempDir Path folder;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<TokenvaultEvent> events = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    mockProfile = ProviderProfile.discover("mock", URI.create(server.issuerUrl("default").toString()),
        Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stopServer() {
    server.shutdown();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private Tokenvault vault(ProviderRegistration registration, java.time.Clock clock) {
    Database database = TestDatabases.h2File(folder);
    closeables.add(database);
    Tokenvault vault = Tokenvault.builder()
        .database(database)
        .keyring(Keyring.generate())
        .provider(registration)
        .listener(events::add)
        .clock(clock)
        .backgroundJobs(false)
        .build();
    closeables.add(0, vault);
    return vault;
  }

  private ProviderRegistration mockRegistration() {
    return new ProviderRegistration(mockProfile, "app", new ClientSecret("app-secret"),
        URI.create("http://127.0.0.1:9/callback"), List.of("openid", "offline_access"));
  }

  @Test
  void signInUseTokenCallApiAndDisconnect() throws Exception {
    Tokenvault vault = vault(mockRegistration(), java.time.Clock.systemUTC());
    URI go = vault.beginSignIn("mock", "session-1", null, "/home");

    Tokenvault.SignedIn signedIn = vault.completeSignIn("mock", Redirects.followToCallback(go), "session-1");
    Connection connection = signedIn.connection();

    assertThat(signedIn.returnTo()).isEqualTo("/home");
    assertThat(connection.userId()).isEqualTo("mock:" + connection.accountId());
    assertThat(vault.connections(connection.userId())).extracting(Connection::id).containsExactly(connection.id());
    AccessToken token = vault.accessToken(connection.id());
    assertThat(token.reveal()).isNotBlank();

    HttpResponse<String> me = vault.httpClient(connection.id()).send(
        HttpRequest.newBuilder(URI.create(server.userInfoUrl("default").toString())).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains(connection.accountId());

    vault.disconnect(connection.id());

    assertThat(vault.connection(connection.id()).orElseThrow().status()).isEqualTo(ConnectionStatus.REVOKED);
    assertThatThrownBy(() -> vault.accessToken(connection.id()))
        .isInstanceOfSatisfying(TokenvaultException.class,
            e -> assertThat(e.reason()).isEqualTo(TokenvaultException.Reason.NEEDS_REAUTH));
    assertThat(vault.auditTrail(connection.id(), 10)).extracting(TokenvaultEvent::type)
        .contains(EventType.CONNECTED, EventType.REVOKED);
    assertThat(events).extracting(TokenvaultEvent::type).contains(EventType.CONNECTED, EventType.REVOKED);
  }

  @Test
  void signingInAgainReplacesTheTokensOfTheSameConnection() throws Exception {
    var provider = new ProgrammableProvider(java.time.Clock.systemUTC());
    closeables.add(provider);
    Tokenvault vault = vault(provider.registration("rotating"), java.time.Clock.systemUTC());
    Connection first = vault.completeSignIn("rotating",
        Redirects.followToCallback(vault.beginSignIn("rotating", "s", "user-7", null)), "s").connection();
    AccessToken before = vault.accessToken(first.id());

    Connection second = vault.completeSignIn("rotating",
        Redirects.followToCallback(vault.beginSignIn("rotating", "s", "user-7", null)), "s").connection();

    assertThat(second.id()).isEqualTo(first.id());
    assertThat(vault.connections("user-7")).hasSize(1);
    assertThat(vault.accessToken(second.id())).isNotEqualTo(before);
  }

  @Test
  void failedCallbackStoresNothing() throws Exception {
    Tokenvault vault = vault(mockRegistration(), java.time.Clock.systemUTC());
    vault.beginSignIn("mock", "s", "user-8", null);

    assertThatThrownBy(() -> vault.completeSignIn("mock", Map.of("state", "forged", "code", "x"), "s"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.STATE_UNKNOWN));
    assertThatThrownBy(() -> vault.completeSignIn("mock", Map.of("error", "access_denied"), "s"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.ACCESS_DENIED));
    assertThat(vault.connections("user-8")).isEmpty();
  }

  @Test
  void revocationThatFailsIsRetriedFromTheOutbox() throws Exception {
    var clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    var provider = new ProgrammableProvider(clock);
    closeables.add(provider);
    Tokenvault vault = vault(provider.registration("rotating"), clock);
    Connection connection = vault.completeSignIn("rotating",
        Redirects.followToCallback(vault.beginSignIn("rotating", "s", "user-9", null)), "s").connection();
    provider.mode(ProgrammableProvider.Mode.SERVER_ERROR);

    vault.disconnect(connection.id());

    assertThat(vault.connection(connection.id()).orElseThrow().status()).isEqualTo(ConnectionStatus.REVOKED);
    assertThat(provider.grantRevoked()).isFalse();
    assertThat(vault.retryRevocationsNow()).as("nothing is due before the backoff").isZero();

    provider.mode(ProgrammableProvider.Mode.NORMAL);
    clock.advance(Duration.ofMinutes(2));
    assertThat(vault.retryRevocationsNow()).isEqualTo(2);
    assertThat(provider.grantRevoked()).isTrue();
    assertThat(vault.retryRevocationsNow()).isZero();
  }

  @Test
  void expiredTokenIsRefreshedThroughTheFacadeAndTheApiClientRetriesA401Once() throws Exception {
    var clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    var provider = new ProgrammableProvider(clock);
    closeables.add(provider);
    Tokenvault vault = vault(provider.registration("rotating"), clock);
    Connection connection = vault.completeSignIn("rotating",
        Redirects.followToCallback(vault.beginSignIn("rotating", "s", "user-10", null)), "s").connection();
    AccessToken first = vault.accessToken(connection.id());
    clock.advance(Duration.ofMinutes(58)); // inside the 5-minute window

    AccessToken second = vault.accessToken(connection.id());
    assertThat(second).isNotEqualTo(first);
    assertThat(provider.refreshCalls()).isEqualTo(1);

    // The provider revokes the access token behind our back: the client refreshes once and retries.
    provider.mode(ProgrammableProvider.Mode.NORMAL);
    HttpResponse<String> me = vault.httpClient(connection.id()).send(
        HttpRequest.newBuilder(provider.baseUri().resolve("/user")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
  }
}
