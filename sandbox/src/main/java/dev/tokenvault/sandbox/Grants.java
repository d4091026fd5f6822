package dev.tokenvault.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Codes, grants and tokens, with Todoist's refresh-token rotation: every refresh retires the token
 * it used and issues a new one; a retired token still works for the grace period but earns no new
 * refresh token; presenting it after the grace is a replay and revokes the whole grant.
 */
final class Grants {
  private static final Duration CODE_LIFETIME = Duration.ofMinutes(10);

  record TokenAnswer(String accessToken, String refreshToken, long expiresIn, String scope) {}

  private record Code(String user, String redirectUri, String challenge, String scope, Instant expiresAt) {}

  private static final class Grant {
    final String user;
    final String scope;
    boolean revoked;
    int refreshes;

    Grant(String user, String scope) {
      this.user = user;
      this.scope = scope;
    }
  }

  private record Access(Grant grant, Instant expiresAt) {}

  private static final class Refresh {
    final Grant grant;
    Instant retiredAt;

    Refresh(Grant grant) {
      this.grant = grant;
    }
  }

  private final SandboxSettings settings;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Code> codes = new HashMap<>();
  private final Map<String, Access> accessTokens = new HashMap<>();
  private final Map<String, Refresh> refreshTokens = new HashMap<>();
  private final Map<String, Grant> grants = new LinkedHashMap<>();

  Grants(SandboxSettings settings) {
    this.settings = settings;
  }

  synchronized String issueCode(String user, String redirectUri, String challenge, String scope) {
    String code = newToken();
    codes.put(code, new Code(user, redirectUri, challenge, scope, now().plus(CODE_LIFETIME)));
    return code;
  }

  synchronized TokenAnswer exchange(String code, String redirectUri, String verifier) throws OAuthError {
    Code issued = codes.remove(code); // single use, whatever happens next
    if (issued == null || now().isAfter(issued.expiresAt())) {
      throw new OAuthError(400, "invalid_grant", "The authorization code is invalid, expired or already used");
    }
    if (!issued.redirectUri().equals(redirectUri)) {
      throw new OAuthError(400, "invalid_grant", "redirect_uri does not match the authorization request");
    }
    if (issued.challenge() != null && (verifier == null || !issued.challenge().equals(s256(verifier)))) {
      throw new OAuthError(400, "invalid_grant", "code_verifier does not match the code_challenge");
    }
    Grant grant = new Grant(issued.user(), issued.scope());
    grants.put(newToken(), grant);
    return issue(grant, true);
  }

  /** A grant issued without the browser dance (benchmarks and tests that need many users fast). */
  synchronized TokenAnswer grantDirectly(String user, String scope) {
    Grant grant = new Grant(user, scope);
    grants.put(newToken(), grant);
    return issue(grant, true);
  }

  synchronized TokenAnswer refresh(String token) throws OAuthError {
    Refresh refresh = refreshTokens.get(token);
    if (refresh == null || refresh.grant.revoked) {
      throw new OAuthError(400, "invalid_grant", "The refresh token is invalid or revoked");
    }
    refresh.grant.refreshes++;
    if (refresh.retiredAt == null) {
      refresh.retiredAt = now();
      return issue(refresh.grant, true);
    }
    if (!now().isAfter(refresh.retiredAt.plus(settings.refreshGrace()))) {
      return issue(refresh.grant, false);
    }
    // A retired token after its grace: someone replayed it. Kill the whole grant.
    refresh.grant.revoked = true;
    throw new OAuthError(400, "invalid_grant", "The refresh token was already used; the grant is revoked");
  }

  /** Revokes the grant the token belongs to; unknown tokens are fine (RFC 7009 §2.2). */
  synchronized void revoke(String token) {
    Access access = accessTokens.get(token);
    if (access != null) {
      access.grant().revoked = true;
    }
    Refresh refresh = refreshTokens.get(token);
    if (refresh != null) {
      refresh.grant.revoked = true;
    }
  }

  /** The user an access token acts for, or null when it is unknown, expired or revoked. */
  synchronized String userFor(String accessToken) {
    Access access = accessTokens.get(accessToken);
    if (access == null || access.grant().revoked || !now().isBefore(access.expiresAt())) {
      return null;
    }
    return access.grant().user;
  }

  synchronized boolean isActive(String token) {
    Access access = accessTokens.get(token);
    if (access != null) {
      return !access.grant().revoked && now().isBefore(access.expiresAt());
    }
    Refresh refresh = refreshTokens.get(token);
    return refresh != null && !refresh.grant.revoked;
  }

  synchronized List<GrantView> views() {
    return grants.values().stream().map(g -> new GrantView(g.user, g.scope, g.revoked, g.refreshes)).toList();
  }

  /** Every access and refresh token ever issued (for tests that look for leaks). */
  synchronized List<String> issuedTokens() {
    var all = new java.util.ArrayList<String>(accessTokens.keySet());
    all.addAll(refreshTokens.keySet());
    return all;
  }

  synchronized int refreshCount() {
    return grants.values().stream().mapToInt(g -> g.refreshes).sum();
  }

  private TokenAnswer issue(Grant grant, boolean withRefreshToken) {
    String access = newToken();
    accessTokens.put(access, new Access(grant, now().plus(settings.accessTokenLifetime())));
    String refresh = null;
    if (withRefreshToken) {
      refresh = newToken();
      refreshTokens.put(refresh, new Refresh(grant));
    }
    return new TokenAnswer(access, refresh, settings.accessTokenLifetime().toSeconds(), grant.scope);
  }

  private Instant now() {
    return settings.clock().instant();
  }

  private String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
