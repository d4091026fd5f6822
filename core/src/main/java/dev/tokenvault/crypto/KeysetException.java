package dev.tokenvault.crypto;

/** The keyset setting is missing, unreadable or not an AEAD keyset. Never quotes key material. */
public final class KeysetException extends RuntimeException {
  public KeysetException(String message, Throwable cause) {
    super(message, cause);
  }

  public KeysetException(String message) {
    super(message);
  }
}
