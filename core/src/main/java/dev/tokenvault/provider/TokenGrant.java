package dev.tokenvault.provider;

import dev.tokenvault.AccessToken;
import dev.tokenvault.IdToken;
import dev.tokenvault.RefreshToken;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What a token endpoint answered. {@code toString()} shows no token (each is a redacted type).
 *
 * @param refreshToken null when the provider sent none (on refresh: keep the one stored)
 * @param idToken null unless the provider is OpenID Connect
 * @param expiresAt null when the provider did not send {@code expires_in}
 */
public record TokenGrant(
    AccessToken accessToken,
    RefreshToken refreshToken,
    IdToken idToken,
    String tokenType,
    Instant expiresAt,
    Set<String> scopes) {
  public TokenGrant {
    Objects.requireNonNull(accessToken, "accessToken");
    tokenType = tokenType == null ? "Bearer" : tokenType;
    scopes = scopes == null ? Set.of() : Set.copyOf(scopes);
  }
}
