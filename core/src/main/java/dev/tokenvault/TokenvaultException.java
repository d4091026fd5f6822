package dev.tokenvault;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure the caller can act on: {@link #reason()} says what to do, the message says it to a
 * person. Never carries a secret.
 */
public final class TokenvaultException extends RuntimeException {
  /** What the caller should do about it. */
  public enum Reason {
    /** No such connection (or not this user's). */
    NOT_FOUND(false),
    /** The grant is gone (rejected, revoked, or disconnected): the user must sign in again. */
    NEEDS_REAUTH(false),
    /** The provider is down, slow or rate limiting: tokens are kept, try again later. */
    TRY_LATER(true),
    /** The provider answered with something Tokenvault cannot use. */
    PROVIDER_ERROR(false),
    /** A stored value failed to open (tampered, or its key was retired). */
    SEALED_DATA_INVALID(false),
    /** The database could not be reached; nothing was changed. */
    STORAGE_UNAVAILABLE(true);

    private final boolean retryable;

    Reason(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Reason reason;
  private final Duration retryAfter;

  public TokenvaultException(Reason reason, String message) {
    this(reason, message, null, null);
  }

  public TokenvaultException(Reason reason, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.retryAfter = retryAfter;
  }

  public Reason reason() {
    return reason;
  }

  /** How long the provider asked us to wait, or null if it did not say. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
