package dev.tokenvault.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.ClientSecret;
import dev.tokenvault.CodeVerifier;
import dev.tokenvault.AuthorizationCode;
import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.ProviderProfile;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.RevocationStyle;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.provider.TokenTypeHint;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.SignInStates;
import dev.tokenvault.testing.Redirects;
import dev.tokenvault.testing.TestDatabases;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole protocol against an independent implementation (NAV's mock-oauth2-server): discovery,
 * authorization code with PKCE, ID token validation with nonce, refresh and revocation.
 */
class SignInAgainstMockOAuth2ServerTest {
  private static MockOAuth2Server server;
  private static Database database;
  @TempDir static Path folder;

  private final OAuthClient oauth = OAuthClient.create(Duration.ofSeconds(10), Clock.systemUTC());
  private ProviderRegistration registration;
  private SignIn signIn;

  @BeforeAll
  static void start() throws Exception {
    server = new MockOAuth2Server();
    server.start(InetAddress.getByName("127.0.0.1"), 0);
    database = TestDatabases.h2File(folder);
  }

  @AfterAll
  static void stop() {
    server.shutdown();
    database.close();
  }

  private void setUp() {
    ProviderProfile profile = ProviderProfile
        .discover("mock", URI.create(server.issuerUrl("default").toString()), Duration.ofSeconds(5))
        .build();
    registration = new ProviderRegistration(profile, "tokenvault-test", new ClientSecret("client-secret"),
        URI.create("http://127.0.0.1:9/callback"), List.of("openid", "offline_access"));
    signIn = new SignIn(new SignInStates(database, TestDatabases.newSealer()), oauth, Clock.systemUTC(), new SecureRandom());
  }

  @Test
  void discoveryFindsEndpointsPkceAndRevocation() {
    setUp();
    ProviderProfile profile = registration.profile();
    assertThat(profile.isOpenIdConnect()).isTrue();
    assertThat(profile.pkce()).isTrue();
    assertThat(profile.revocation()).isEqualTo(RevocationStyle.RFC_7009);
  }

  @Test
  void codeWithPkceThenRefreshThenRevoke() throws Exception {
    setUp();
    URI authorize = signIn.begin(registration, "browser-session-1", "user-42", "/after");
    assertThat(authorize.getQuery()).contains("code_challenge_method=S256").contains("nonce=").contains("state=");

    SignInResult result = signIn.complete(registration, Redirects.followToCallback(authorize), "browser-session-1");

    assertThat(result.userId()).isEqualTo("user-42");
    assertThat(result.returnTo()).isEqualTo("/after");
    assertThat(result.accountId()).isNotBlank();
    TokenGrant grant = result.grant();
    assertThat(grant.refreshToken()).isNotNull();
    assertThat(grant.idToken()).isNotNull();
    assertThat(grant.expiresAt()).isNotNull();
    assertThat(result.toString()).doesNotContain(grant.accessToken().reveal(), grant.refreshToken().reveal());

    TokenGrant refreshed = oauth.refresh(registration, grant.refreshToken());
    assertThat(refreshed.accessToken()).isNotEqualTo(grant.accessToken());

    // This server revokes refresh tokens only (RFC 7009 allows that); the grant then is gone.
    var current = refreshed.refreshToken() == null ? grant.refreshToken() : refreshed.refreshToken();
    oauth.revoke(registration, current, TokenTypeHint.REFRESH_TOKEN);
    assertThatThrownBy(() -> oauth.refresh(registration, current))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_GRANT));
  }

  @Test
  void idTokenWithAnotherNonceIsRejected() throws Exception {
    setUp();
    SignInResult result = signIn.complete(registration,
        Redirects.followToCallback(signIn.begin(registration, "browser-n", null, null)), "browser-n");

    assertThatThrownBy(() -> oauth.accountId(registration, result.grant(), "a-nonce-this-sign-in-never-sent"))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.errorCode()).isEqualTo("invalid_id_token"));
  }

  @Test
  void codeExchangeWithWrongVerifierIsRefusedByTheServer() throws Exception {
    setUp();
    URI authorize = signIn.begin(registration, "browser-session-2", null, null);
    String code = Redirects.followToCallback(authorize).get("code");

    assertThatThrownBy(() -> oauth.exchangeCode(registration, new AuthorizationCode(code),
            new CodeVerifier("a-verifier-that-was-never-challenged-0123456789")))
        .isInstanceOfSatisfying(ProviderException.class,
            e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.INVALID_GRANT));
  }

  @Test
  void callbackFromAnotherBrowserIsRejected() throws Exception {
    setUp();
    URI authorize = signIn.begin(registration, "browser-a", null, null);
    Map<String, String> callback = Redirects.followToCallback(authorize);

    assertThatThrownBy(() -> signIn.complete(registration, callback, "browser-b"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.STATE_FROM_OTHER_BROWSER));
  }

  @Test
  void replayedCallbackIsRejected() throws Exception {
    setUp();
    URI authorize = signIn.begin(registration, "browser-c", null, null);
    Map<String, String> callback = Redirects.followToCallback(authorize);
    signIn.complete(registration, callback, "browser-c");

    assertThatThrownBy(() -> signIn.complete(registration, callback, "browser-c"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.STATE_REPLAYED));
  }

  @Test
  void issuerParameterFromAnotherServerIsRejected() throws Exception {
    setUp();
    URI authorize = signIn.begin(registration, "browser-d", null, null);
    Map<String, String> callback = new HashMap<>(Redirects.followToCallback(authorize));
    callback.put("iss", "https://attacker.example");

    assertThatThrownBy(() -> signIn.complete(registration, callback, "browser-d"))
        .isInstanceOfSatisfying(SignInException.class,
            e -> assertThat(e.reason()).isEqualTo(SignInException.Reason.ISSUER_MISMATCH));
  }
}
