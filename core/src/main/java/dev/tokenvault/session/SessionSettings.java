package dev.tokenvault.session;

import java.time.Duration;
import java.util.Objects;

/**
 * Session lifetimes and cookie policy.
 *
 * @param idleTimeout a session unused this long ends (server-side sessions)
 * @param absoluteTimeout a session ends this long after sign-in, however active
 * @param secureCookie {@code Secure} and the {@code __Host-} prefix; turn off only for plain-http
 *     local development
 * @param cookieName the cookie's base name ({@code __Host-} is prefixed when secure)
 */
public record SessionSettings(Duration idleTimeout, Duration absoluteTimeout, boolean secureCookie, String cookieName) {
  public static final SessionSettings DEFAULTS =
      new SessionSettings(Duration.ofMinutes(30), Duration.ofHours(12), true, "tv_session");

  public SessionSettings {
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(absoluteTimeout, "absoluteTimeout");
    if (idleTimeout.isNegative() || idleTimeout.isZero()) {
      throw new IllegalArgumentException("Session idle timeout must be positive, was " + idleTimeout);
    }
    if (absoluteTimeout.compareTo(idleTimeout) < 0) {
      throw new IllegalArgumentException("Session absolute timeout (" + absoluteTimeout
          + ") must not be shorter than the idle timeout (" + idleTimeout + ")");
    }
    if (cookieName == null || !cookieName.matches("[A-Za-z0-9_-]{1,40}")) {
      throw new IllegalArgumentException("Session cookie name must be 1-40 letters, digits, '_' or '-', was " + cookieName);
    }
  }

  public SessionSettings withSecureCookie(boolean secure) {
    return new SessionSettings(idleTimeout, absoluteTimeout, secure, cookieName);
  }

  public SessionSettings withTimeouts(Duration idle, Duration absolute) {
    return new SessionSettings(idle, absolute, secureCookie, cookieName);
  }
}
