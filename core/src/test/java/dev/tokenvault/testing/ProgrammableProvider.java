package dev.tokenvault.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenvault.AccessToken;
import dev.tokenvault.ClientSecret;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.provider.ClientAuthentication;
import dev.tokenvault.provider.ProviderProfile;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.RevocationStyle;
import dev.tokenvault.provider.TokenGrant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint on loopback that shows on demand what real servers won't: refresh tokens that
 * rotate with a grace period (like Todoist's), replay detection that revokes the whole grant,
 * {@code invalid_grant}, 500, slow answers and 429 with {@code Retry-After}. One grant at a time.
 */
public final class ProgrammableProvider implements AutoCloseable {
  /** What the token endpoint does with the next refresh requests. */
  public enum Mode { NORMAL, NO_ROTATION, INVALID_GRANT, SERVER_ERROR, RATE_LIMITED, GARBAGE }

  private final HttpServer server;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final AtomicInteger refreshCalls = new AtomicInteger();
  private final AtomicInteger revocations = new AtomicInteger();
  private final Map<String, Instant> retired = new ConcurrentHashMap<>();
  private final Set<String> revokedAccessTokens = ConcurrentHashMap.newKeySet();
  private volatile Mode mode = Mode.NORMAL;
  private volatile Duration delay = Duration.ZERO;
  private volatile Duration grace = Duration.ofSeconds(60);
  private volatile long expiresInSeconds = 3600;
  private volatile int retryAfterSeconds = 30;
  private volatile String currentRefreshToken;
  private volatile String currentAccessToken;
  private volatile boolean grantRevoked;

  public ProgrammableProvider(Clock clock) {
    this.clock = clock;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/token", this::token);
    server.createContext("/revoke", this::revoke);
    server.createContext("/authorize", this::authorize);
    server.createContext("/user", this::user);
    server.start();
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public ProviderProfile profile(String id) {
    return ProviderProfile.builder(id)
        .authorizationUri(baseUri().resolve("/authorize"))
        .tokenUri(baseUri().resolve("/token"))
        .revocation(RevocationStyle.RFC_7009, baseUri().resolve("/revoke"))
        .userInfo(baseUri().resolve("/user"), "id")
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .rotatesRefreshTokens(true)
        .build();
  }

  public ProviderRegistration registration(String id) {
    return new ProviderRegistration(profile(id), "client", new ClientSecret("client-secret"),
        URI.create("http://127.0.0.1:9/callback"), List.of());
  }

  /** Starts a new grant, as a sign-in would, and returns its tokens. */
  public synchronized TokenGrant issue(Duration accessLifetime) {
    grantRevoked = false;
    retired.clear();
    currentRefreshToken = newToken("rt");
    currentAccessToken = newToken("at");
    return new TokenGrant(new AccessToken(currentAccessToken), new RefreshToken(currentRefreshToken), null,
        "Bearer", clock.instant().plus(accessLifetime), Set.of());
  }

  public void mode(Mode mode) {
    this.mode = mode;
  }

  public void delay(Duration delay) {
    this.delay = delay;
  }

  public void retryAfterSeconds(int seconds) {
    this.retryAfterSeconds = seconds;
  }

  public int refreshCalls() {
    return refreshCalls.get();
  }

  public int revocations() {
    return revocations.get();
  }

  /** The refresh token the provider honours now; null once the grant was revoked. */
  public String currentRefreshToken() {
    return grantRevoked ? null : currentRefreshToken;
  }

  public boolean grantRevoked() {
    return grantRevoked;
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(exchange);
      if ("authorization_code".equals(form.get("grant_type"))) {
        TokenGrant grant = issue(Duration.ofSeconds(expiresInSeconds));
        answer(exchange, 200, "{\"access_token\":\"" + grant.accessToken().reveal() + "\",\"token_type\":\"Bearer\","
            + "\"expires_in\":" + expiresInSeconds + ",\"refresh_token\":\"" + grant.refreshToken().reveal() + "\"}");
        return;
      }
      if (!"refresh_token".equals(form.get("grant_type"))) {
        answer(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        return;
      }
      refreshCalls.incrementAndGet();
      sleep(delay);
      switch (mode) {
        case INVALID_GRANT -> answer(exchange, 400, "{\"error\":\"invalid_grant\"}");
        case SERVER_ERROR -> answer(exchange, 500, "<html>oops</html>");
        case GARBAGE -> answer(exchange, 200, "<html>not json</html>");
        case RATE_LIMITED -> {
          exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
          answer(exchange, 429, "{\"error\":\"rate_limited\"}");
        }
        case NORMAL, NO_ROTATION -> answer(exchange, rotate(form.get("refresh_token")));
      }
    }
  }

  /** Consents at once: redirects back with a code and the state. */
  private void authorize(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = new HashMap<>();
      for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
        String[] kv = pair.split("=", 2);
        query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
      String location = query.get("redirect_uri") + "?code=" + newToken("code") + "&state="
          + java.net.URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Location", location);
      exchange.sendResponseHeaders(302, -1);
    }
  }

  private void user(HttpExchange exchange) throws IOException {
    try (exchange) {
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.equals("Bearer " + currentAccessToken) || grantRevoked) {
        answer(exchange, 401, "{\"error\":\"invalid_token\"}");
        return;
      }
      answer(exchange, 200, "{\"id\":\"account-1\"}");
    }
  }

  private synchronized Answer rotate(String presented) {
    Instant now = clock.instant();
    if (grantRevoked || presented == null) {
      return new Answer(400, "{\"error\":\"invalid_grant\"}");
    }
    if (presented.equals(currentRefreshToken)) {
      currentAccessToken = newToken("at");
      if (mode == Mode.NO_ROTATION) {
        return new Answer(200, accessOnly());
      }
      retired.put(currentRefreshToken, now);
      currentRefreshToken = newToken("rt");
      return new Answer(200, "{\"access_token\":\"" + currentAccessToken + "\",\"token_type\":\"Bearer\","
          + "\"expires_in\":" + expiresInSeconds + ",\"refresh_token\":\"" + currentRefreshToken + "\"}");
    }
    Instant retiredAt = retired.get(presented);
    if (retiredAt != null && !now.isAfter(retiredAt.plus(grace))) {
      currentAccessToken = newToken("at");
      return new Answer(200, accessOnly());
    }
    if (retiredAt != null) {
      // Replay of a retired token after the grace: treat as theft and kill the grant.
      grantRevoked = true;
    }
    return new Answer(400, "{\"error\":\"invalid_grant\"}");
  }

  private String accessOnly() {
    return "{\"access_token\":\"" + currentAccessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
        + expiresInSeconds + "}";
  }

  private void revoke(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> form = form(exchange);
      revocations.incrementAndGet();
      if (mode == Mode.SERVER_ERROR) {
        answer(exchange, 503, "");
        return;
      }
      String token = form.get("token");
      synchronized (this) {
        if (token != null && (token.equals(currentRefreshToken) || token.equals(currentAccessToken))) {
          grantRevoked = true;
          revokedAccessTokens.add(currentAccessToken);
        }
      }
      answer(exchange, 200, "");
    }
  }

  private record Answer(int status, String body) {}

  private static void answer(HttpExchange exchange, Answer answer) throws IOException {
    answer(exchange, answer.status(), answer.body());
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", body.startsWith("{") ? "application/json" : "text/html");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
  }

  private static Map<String, String> form(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      if (!pair.isEmpty()) {
        String[] kv = pair.split("=", 2);
        form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
      }
    }
    return form;
  }

  private String newToken(String prefix) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return prefix + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void sleep(Duration delay) {
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
