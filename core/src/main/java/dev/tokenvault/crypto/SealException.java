package dev.tokenvault.crypto;

/**
 * A ciphertext did not open: it was tampered with, moved to another row or field, or sealed with a
 * key that is no longer in the keyset. Carries no secret.
 */
public final class SealException extends RuntimeException {
  public SealException(String message, Throwable cause) {
    super(message, cause);
  }

  public SealException(String message) {
    super(message);
  }
}
