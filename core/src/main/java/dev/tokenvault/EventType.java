package dev.tokenvault;

/** What happened to a connection or a key. Each type is also an audit row and a metric. */
public enum EventType {
  CONNECTED,
  REFRESHED,
  REFRESH_FAILED,
  NEEDS_REAUTH,
  REVOKED,
  /** The provider rejected the refresh token that is stored now: possibly used elsewhere. */
  REFRESH_TOKEN_REJECTED,
  /** Another writer stored a newer token first; the newer one was kept and used. */
  REFRESH_RACE,
  KEY_ROTATED
}
