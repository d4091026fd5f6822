package dev.tokenvault.store;

import dev.tokenvault.AccessToken;
import dev.tokenvault.ConnectionStatus;
import dev.tokenvault.IdToken;
import dev.tokenvault.RefreshToken;
import java.time.Instant;

/**
 * A connection's tokens, opened. Each token is a redacted type, so {@code toString()} shows none.
 *
 * @param version the token version these were read at; writes compare-and-set on it
 * @param accessToken null once wiped
 * @param refreshToken null when the provider issued none, or once wiped
 * @param expiresAt null when the provider did not say
 */
public record StoredTokens(
    String connectionId,
    String userId,
    String provider,
    ConnectionStatus status,
    long version,
    AccessToken accessToken,
    RefreshToken refreshToken,
    IdToken idToken,
    Instant expiresAt) {

  /** Whether the access token is still valid {@code margin} after {@code now}. */
  public boolean validBeyond(Instant now, java.time.Duration margin) {
    return accessToken != null && (expiresAt == null || expiresAt.isAfter(now.plus(margin)));
  }
}
