package dev.tokenvault;

/**
 * What the browser's session cookie holds: an opaque 256-bit id (server-side sessions) or the sealed
 * session itself (cookie sessions). Either way it is a credential and prints as {@code ***}.
 */
public final class SessionId extends Secret {
  public SessionId(String value) {
    super(value);
  }
}
