package dev.tokenvault.session;

import dev.tokenvault.SessionId;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions, kept either on the server ({@link ServerSessions}) or sealed into the cookie
 * itself ({@link SealedCookieSessions}). Each method that changes a session returns the session
 * whose {@link Session#id()} the cookie must now hold.
 */
public interface SessionStore {
  /** A new session with a fresh id. */
  Session start(String userId, Map<String, String> data);

  /** The live session for a cookie value; empty when unknown, expired or tampered with. */
  Optional<Session> find(SessionId id);

  /** The same session under a new id (at sign-in), with the user set; the old id stops working. */
  Session renew(Session session, String userId);

  /** Replaces the session's data. */
  Session update(Session session, Map<String, String> data);

  /** Ends the session (logout). */
  void end(Session session);

  SessionCookie cookie();
}
