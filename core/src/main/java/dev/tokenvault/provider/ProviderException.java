package dev.tokenvault.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A provider call failed. {@link #reason()} decides what Tokenvault does next; the message names
 * the provider and its error code, never a token.
 */
public final class ProviderException extends Exception {
  /** Why the call failed, as far as it matters to the caller. */
  public enum Reason {
    /** {@code invalid_grant}: the code or refresh token is expired, revoked or already used. */
    INVALID_GRANT,
    /** {@code invalid_client} or {@code unauthorized_client}: our credentials are wrong. */
    INVALID_CLIENT,
    /** The user said no ({@code access_denied}) or the provider refused the request. */
    ACCESS_DENIED,
    /** Network failure, timeout or 5xx: nothing was decided, try later. */
    UNAVAILABLE,
    /** 429 or a provider-specific slow-down: try after {@link #retryAfter()}. */
    RATE_LIMITED,
    /** The answer could not be understood (not JSON, missing fields, bad ID token). */
    MALFORMED_RESPONSE,
    /** Any other OAuth error code. */
    OTHER
  }

  private final Reason reason;
  private final String errorCode;
  private final Duration retryAfter;

  public ProviderException(Reason reason, String errorCode, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.errorCode = errorCode;
    this.retryAfter = retryAfter;
  }

  public ProviderException(Reason reason, String errorCode, String message) {
    this(reason, errorCode, message, null, null);
  }

  public Reason reason() {
    return reason;
  }

  /** The OAuth {@code error} value, such as {@code invalid_grant}, or null. */
  public String errorCode() {
    return errorCode;
  }

  /** How long to wait before trying again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether the failure says nothing about the grant (network, 5xx, 429). */
  public boolean isTransient() {
    return reason == Reason.UNAVAILABLE || reason == Reason.RATE_LIMITED;
  }
}
