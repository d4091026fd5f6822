package dev.tokenvault.nba.web;

import dev.tokenvault.session.Session;
import dev.tokenvault.session.SessionStore;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The app's view of core's sessions from a Javalin request: reading and writing the cookie, the
 * CSRF token and the sign-in binding. The session holds ids only, never a token.
 */
final class BrowserSession {
  static final String CSRF = "csrf";
  static final String BINDING = "binding";
  static final String CONNECTION = "connection";
  static final String ACCOUNT = "account";

  private final SessionStore sessions;
  private final java.time.Clock clock;
  private final SecureRandom random = new SecureRandom();

  BrowserSession(SessionStore sessions, java.time.Clock clock) {
    this.sessions = sessions;
    this.clock = clock;
  }

  Optional<Session> find(Context ctx) {
    Session cached = ctx.attribute("session");
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Session> found = sessions.cookie().read(ctx.header("Cookie")).flatMap(sessions::find);
    found.ifPresent(s -> ctx.attribute("session", s));
    return found;
  }

  /** The current session, or a new anonymous one (with CSRF token and sign-in binding). */
  Session findOrStart(Context ctx) {
    return find(ctx).orElseGet(() -> {
      Session started = sessions.start(null, Map.of(CSRF, randomValue(), BINDING, randomValue()));
      write(ctx, started);
      return started;
    });
  }

  /** At sign-in: a new session id, the user set, and the connection remembered. */
  Session signIn(Context ctx, Session anonymous, String userId, String connectionId, String account) {
    Session renewed = sessions.renew(anonymous, userId);
    var data = new LinkedHashMap<>(renewed.data());
    data.put(CSRF, randomValue());
    data.put(CONNECTION, connectionId);
    data.put(ACCOUNT, account);
    Session updated = sessions.update(renewed, data);
    write(ctx, updated);
    return updated;
  }

  void end(Context ctx, Session session) {
    sessions.end(session);
    ctx.attribute("session", null);
    ctx.header("Set-Cookie", sessions.cookie().clear());
  }

  static boolean csrfMatches(Session session, String presented) {
    String expected = session.get(CSRF);
    return expected != null && presented != null
        && MessageDigest.isEqual(expected.getBytes(), presented.getBytes());
  }

  private void write(Context ctx, Session session) {
    ctx.attribute("session", session);
    Duration maxAge = Duration.between(clock.instant(), session.expiresAt());
    ctx.header("Set-Cookie", sessions.cookie().set(session.id(), maxAge));
  }

  private String randomValue() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
