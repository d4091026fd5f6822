package dev.tokenvault.session;

import dev.tokenvault.SessionId;
import java.time.Instant;
import java.util.Map;

/**
 * A browser session. {@code id} is what goes into the cookie; {@code toString()} does not show it.
 *
 * @param userId null before sign-in
 * @param data small application values (a CSRF token, the connection id); never tokens
 */
public record Session(SessionId id, String userId, Map<String, String> data, Instant createdAt, Instant expiresAt) {
  public Session {
    data = Map.copyOf(data);
  }

  public String get(String key) {
    return data.get(key);
  }
}
