package dev.tokenvault.session;

import dev.tokenvault.SessionId;
import java.time.Duration;
import java.util.Optional;

/**
 * The session cookie's policy, as header strings so any web framework can use it: HttpOnly always,
 * SameSite=Lax, Path=/, and Secure with the {@code __Host-} prefix unless explicitly running on
 * plain http.
 */
public final class SessionCookie {
  /** Browsers drop cookies over 4096 bytes (name, value and attributes). */
  public static final int MAX_BYTES = 4096;

  private final String name;
  private final boolean secure;

  public SessionCookie(SessionSettings settings) {
    this.secure = settings.secureCookie();
    this.name = (secure ? "__Host-" : "") + settings.cookieName();
  }

  public String name() {
    return name;
  }

  /** The {@code Set-Cookie} value that stores {@code id} for {@code maxAge}. */
  public String set(SessionId id, Duration maxAge) {
    return name + "=" + id.reveal() + "; Max-Age=" + Math.max(0, maxAge.toSeconds()) + attributes();
  }

  /** The {@code Set-Cookie} value that deletes the cookie (logout). */
  public String clear() {
    return name + "=; Max-Age=0" + attributes();
  }

  /** The session cookie's value from a {@code Cookie} request header, if any. */
  public Optional<SessionId> read(String cookieHeader) {
    if (cookieHeader == null || cookieHeader.length() > 16 * 1024) {
      return Optional.empty();
    }
    for (String part : cookieHeader.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
        String value = part.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        // Our values are URL-safe base64; anything else was not set by us.
        if (!value.isEmpty() && value.matches("[A-Za-z0-9_-]+")) {
          return Optional.of(new SessionId(value));
        }
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private String attributes() {
    return "; Path=/; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
  }
}
