package dev.tokenvault.session;

import dev.tokenvault.SessionId;
import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.SealException;
import dev.tokenvault.crypto.Sealer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions sealed into the cookie itself (seed 000's cookie-session, but encrypted, not just
 * signed): no server state, AES-GCM bound to the cookie's name, expiry inside the seal, old keys
 * still open cookies after a rotation.
 *
 * <p>Being stateless, a cookie cannot be revoked before it expires: {@link #end} and {@link #renew}
 * only stop the browser from sending it. Prefer {@link ServerSessions} where that matters.
 */
public final class SealedCookieSessions implements SessionStore {
  private final Sealer sealer;
  private final SessionSettings settings;
  private final SessionCookie cookie;
  private final Clock clock;
  private final SecureRandom random;

  public SealedCookieSessions(Sealer sealer, SessionSettings settings, Clock clock, SecureRandom random) {
    this.sealer = Objects.requireNonNull(sealer, "sealer");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cookie = new SessionCookie(settings);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public Session start(String userId, Map<String, String> data) {
    Instant now = clock.instant();
    return seal(userId, data, now, now.plus(settings.absoluteTimeout()));
  }

  @Override
  public Optional<Session> find(SessionId id) {
    Map<String, Object> payload;
    try {
      payload = SessionData.fromJson(sealer.open(id.reveal(), binding()));
    } catch (SealException e) {
      return Optional.empty();
    }
    if (payload == null || !(payload.get("c") instanceof Number created) || !(payload.get("e") instanceof Number expires)) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.ofEpochSecond(expires.longValue());
    if (!clock.instant().isBefore(expiresAt)) {
      return Optional.empty();
    }
    Object user = payload.get("u");
    return Optional.of(new Session(id, user == null ? null : user.toString(), SessionData.strings(payload.get("d")),
        Instant.ofEpochSecond(created.longValue()), expiresAt));
  }

  @Override
  public Session renew(Session session, String userId) {
    Instant now = clock.instant();
    return seal(userId, session.data(), now, now.plus(settings.absoluteTimeout()));
  }

  @Override
  public Session update(Session session, Map<String, String> data) {
    return seal(session.userId(), data, session.createdAt(), session.expiresAt());
  }

  @Override
  public void end(Session session) {
    // Nothing is stored; clearing the cookie (SessionCookie.clear) ends it in the browser.
  }

  @Override
  public SessionCookie cookie() {
    return cookie;
  }

  private Session seal(String userId, Map<String, String> data, Instant createdAt, Instant expiresAt) {
    var payload = new LinkedHashMap<String, Object>();
    payload.put("u", userId);
    payload.put("d", data);
    payload.put("c", createdAt.getEpochSecond());
    payload.put("e", expiresAt.getEpochSecond());
    // A random salt makes two sessions with equal data look unrelated.
    byte[] salt = new byte[8];
    random.nextBytes(salt);
    payload.put("s", Base64.getUrlEncoder().withoutPadding().encodeToString(salt));
    SessionId id = new SessionId(sealer.seal(SessionData.toJson(payload), binding()));
    int size = cookie.set(id, settings.absoluteTimeout()).length();
    if (size > SessionCookie.MAX_BYTES) {
      throw new IllegalArgumentException("The session data is too large for a cookie (" + size + " of "
          + SessionCookie.MAX_BYTES + " bytes): keep less in the session or use server-side sessions");
    }
    return new Session(id, userId, data, createdAt, expiresAt);
  }

  private Binding binding() {
    return new Binding("cookie", cookie.name(), "session");
  }
}
