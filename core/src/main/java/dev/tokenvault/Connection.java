package dev.tokenvault;

import java.time.Instant;
import java.util.Set;

/**
 * One user's grant at one provider account. Holds no token: ask {@code Tokenvault.accessToken} for
 * a fresh one.
 *
 * @param accessExpiresAt null when the provider did not say when the access token expires
 */
public record Connection(
    String id,
    String userId,
    String provider,
    String accountId,
    ConnectionStatus status,
    Set<String> scopes,
    Instant accessExpiresAt) {
  public Connection {
    scopes = Set.copyOf(scopes);
  }
}
