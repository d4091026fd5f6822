package dev.tokenvault.session;

import dev.tokenvault.SessionId;
import dev.tokenvault.crypto.Digests;
import dev.tokenvault.store.Sessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions kept in the database: the cookie holds a 256-bit random id, the table only its hash.
 * Idle and absolute timeouts; a new id at sign-in; logout deletes the row.
 */
public final class ServerSessions implements SessionStore {
  /** Touching a session on every request would write on every request; once a minute is enough. */
  private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

  private final Sessions sessions;
  private final SessionSettings settings;
  private final SessionCookie cookie;
  private final Clock clock;
  private final SecureRandom random;

  public ServerSessions(Sessions sessions, SessionSettings settings, Clock clock, SecureRandom random) {
    this.sessions = Objects.requireNonNull(sessions, "sessions");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cookie = new SessionCookie(settings);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public Session start(String userId, Map<String, String> data) {
    Instant now = clock.instant();
    SessionId id = newId();
    Instant absolute = now.plus(settings.absoluteTimeout());
    sessions.insert(new Sessions.Row(Digests.sha256Hex(id.reveal()), userId, SessionData.toJson(data), now, now,
        now.plus(settings.idleTimeout()), absolute));
    return new Session(id, userId, data, now, absolute);
  }

  @Override
  public Optional<Session> find(SessionId id) {
    String hash = Digests.sha256Hex(id.reveal());
    Optional<Sessions.Row> found = sessions.find(hash);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Sessions.Row row = found.get();
    Instant now = clock.instant();
    if (!now.isBefore(row.idleExpiresAt()) || !now.isBefore(row.absoluteExpiresAt())) {
      sessions.delete(hash);
      return Optional.empty();
    }
    if (Duration.between(row.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
      sessions.touch(hash, now, min(now.plus(settings.idleTimeout()), row.absoluteExpiresAt()));
    }
    Map<String, Object> json = SessionData.fromJson(row.data());
    return Optional.of(new Session(id, row.userId(), SessionData.strings(json), row.createdAt(), row.absoluteExpiresAt()));
  }

  @Override
  public Session renew(Session session, String userId) {
    Instant now = clock.instant();
    SessionId id = newId();
    Instant absolute = now.plus(settings.absoluteTimeout());
    sessions.replace(Digests.sha256Hex(session.id().reveal()), new Sessions.Row(Digests.sha256Hex(id.reveal()),
        userId, SessionData.toJson(session.data()), now, now, now.plus(settings.idleTimeout()), absolute));
    return new Session(id, userId, session.data(), now, absolute);
  }

  @Override
  public Session update(Session session, Map<String, String> data) {
    Instant now = clock.instant();
    sessions.update(Digests.sha256Hex(session.id().reveal()), SessionData.toJson(data), now,
        min(now.plus(settings.idleTimeout()), session.expiresAt()));
    return new Session(session.id(), session.userId(), data, session.createdAt(), session.expiresAt());
  }

  @Override
  public void end(Session session) {
    sessions.delete(Digests.sha256Hex(session.id().reveal()));
  }

  @Override
  public SessionCookie cookie() {
    return cookie;
  }

  /** Removes expired sessions; returns how many. */
  public int deleteExpired() {
    return sessions.deleteExpired(clock.instant());
  }

  private SessionId newId() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return new SessionId(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
