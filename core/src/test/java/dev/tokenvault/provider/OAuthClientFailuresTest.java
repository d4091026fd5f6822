package dev.tokenvault.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.tokenvault.ClientSecret;
import dev.tokenvault.RefreshToken;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What real servers won't show on demand: each bad answer maps to a reason, and no token leaks. */
class OAuthClientFailuresTest {
  private static final RefreshToken TOKEN = new RefreshToken("refresh-secret-5a5a");
  private final HttpServer server;
  private volatile int status = 200;
  private volatile String body = "{}";
  private volatile Map<String, String> headers = Map.of();
  private volatile long delayMillis;
  private final java.util.List<String> revocations = new java.util.concurrent.CopyOnWriteArrayList<>();

  OAuthClientFailuresTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        if (delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            return;
          }
        }
        headers.forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
          exchange.getResponseBody().write(bytes);
        }
      }
    });
    server.createContext("/revoke", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        revocations.add(exchange.getRequestHeaders().getFirst("Authorization") + " | " + body);
        exchange.sendResponseHeaders(200, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ProviderRegistration registration(boolean errorsInOk) {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    var profile = ProviderProfile.builder("fake")
        .authorizationUri(URI.create(base + "/authorize"))
        .tokenUri(URI.create(base + "/token"))
        .userInfo(URI.create(base + "/user"), "id")
        .errorsInOkResponses(errorsInOk)
        .build();
    return new ProviderRegistration(profile, "client", new ClientSecret("secret"), URI.create(base + "/cb"), List.of());
  }

  private ProviderException refreshFails(Duration timeout) {
    var client = OAuthClient.create(timeout, Clock.systemUTC());
    try {
      client.refresh(registration(true), TOKEN);
    } catch (ProviderException e) {
      assertThat(e.getMessage()).doesNotContain(TOKEN.reveal());
      return e;
    }
    throw new AssertionError("the refresh should have failed");
  }

  private ProviderException refreshFails() {
    return refreshFails(Duration.ofSeconds(5));
  }

  @Test
  void serverErrorIsUnavailable() {
    status = 500;
    body = "<html>Internal error</html>";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.UNAVAILABLE);
    status = 503;
    assertThat(refreshFails().isTransient()).isTrue();
  }

  @Test
  void tooManyRequestsCarriesRetryAfterInSecondsOrAsADate() {
    status = 429;
    headers = Map.of("Retry-After", "17");
    ProviderException seconds = refreshFails();
    assertThat(seconds.reason()).isEqualTo(ProviderException.Reason.RATE_LIMITED);
    assertThat(seconds.retryAfter()).isEqualTo(Duration.ofSeconds(17));

    headers = Map.of("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusMinutes(2)));
    assertThat(refreshFails().retryAfter()).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(121));
  }

  @Test
  void invalidGrantAndInvalidClientAreTold() {
    status = 400;
    body = "{\"error\":\"invalid_grant\",\"error_description\":\"Token is expired\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.INVALID_GRANT);
    status = 401;
    body = "{\"error\":\"invalid_client\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.INVALID_CLIENT);
  }

  @Test
  void errorsInsideA200AreErrors() {
    body = "{\"error\":\"bad_refresh_token\",\"error_description\":\"The refresh token passed is incorrect or expired.\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.INVALID_GRANT);
    body = "{\"ok\":false,\"error\":\"invalid_refresh_token\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.INVALID_GRANT);
  }

  @Test
  void garbageIsMalformed() {
    body = "<html>login page</html>";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.MALFORMED_RESPONSE);
    body = "{\"token_type\":\"Bearer\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.MALFORMED_RESPONSE);
    body = "{\"access_token\":\"a\",\"expires_in\":\"soon\"}";
    assertThat(refreshFails().reason()).isEqualTo(ProviderException.Reason.MALFORMED_RESPONSE);
  }

  @Test
  void descriptionsAreShortenedAndPrintable() {
    status = 400;
    body = "{\"error\":\"invalid_request\",\"error_description\":\"" + "\\u0007x".repeat(500) + "\"}";
    ProviderException e = refreshFails();
    assertThat(e.reason()).isEqualTo(ProviderException.Reason.OTHER);
    assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("\u0007");
  }

  @Test
  void slowAnswerTimesOutAsUnavailable() {
    delayMillis = 3000;
    ProviderException e = refreshFails(Duration.ofMillis(300));
    assertThat(e.reason()).isEqualTo(ProviderException.Reason.UNAVAILABLE);
    assertThat(e.getMessage()).contains("did not answer");
  }

  @Test
  void revocationUsesItsOwnClientAuthentication() throws Exception {
    ProviderRegistration base = registration(false);
    var todoistLike = new ProviderRegistration(base.profile().toBuilder()
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .revocation(RevocationStyle.RFC_7009, URI.create(base.profile().tokenUri().resolve("/revoke").toString()))
        .revocationAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC)
        .build(), base.clientId(), base.clientSecret(), base.redirectUri(), List.of());

    OAuthClient.create(Duration.ofSeconds(5), Clock.systemUTC()).revoke(todoistLike, TOKEN, TokenTypeHint.REFRESH_TOKEN);

    assertThat(revocations).singleElement().satisfies(request -> {
      assertThat(request).startsWith("Basic ").contains("token_type_hint=refresh_token").doesNotContain("client_secret");
    });
  }

  @Test
  void stringExpiresInAndCommaScopesAreRead() throws Exception {
    body = "{\"access_token\":\"a1\",\"token_type\":\"bearer\",\"expires_in\":\"3600\",\"scope\":\"data:read,data:delete\"}";
    TokenGrant grant = OAuthClient.create(Duration.ofSeconds(5), Clock.systemUTC()).refresh(registration(false), TOKEN);
    assertThat(grant.expiresAt()).isNotNull();
    assertThat(grant.scopes()).containsExactlyInAnyOrder("data:read", "data:delete");
    assertThat(grant.refreshToken()).isNull();
  }
}
