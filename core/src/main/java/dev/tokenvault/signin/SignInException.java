package dev.tokenvault.signin;

import dev.tokenvault.provider.ProviderException;
import java.util.Objects;

/** A sign-in callback that cannot complete. Nothing was stored. The message is fit to show. */
public final class SignInException extends Exception {
  /** Why, each with what the person should do. */
  public enum Reason {
    /** The person declined at the provider. */
    ACCESS_DENIED,
    /** The provider reported another error in the callback. */
    PROVIDER_ERROR,
    /** The callback carries no state. */
    STATE_MISSING,
    /** The state was never issued here: forged, or from a sign-in long gone. */
    STATE_UNKNOWN,
    /** The state was already used once. */
    STATE_REPLAYED,
    /** The sign-in took longer than its lifetime. */
    STATE_EXPIRED,
    /** The state belongs to another browser session. */
    STATE_FROM_OTHER_BROWSER,
    /** RFC 9207: the response names another issuer, or none where one is required. */
    ISSUER_MISMATCH,
    /** The provider refused the code or could not be reached. */
    CODE_EXCHANGE_FAILED,
    /** The ID token failed validation (signature, issuer, audience, expiry or nonce). */
    ID_TOKEN_INVALID,
    /** The provider did not tell who signed in. */
    ACCOUNT_LOOKUP_FAILED
  }

  private final Reason reason;
  private final ProviderException.Reason providerReason;

  SignInException(Reason reason, String message) {
    this(reason, message, null);
  }

  SignInException(Reason reason, String message, ProviderException cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.providerReason = cause == null ? null : cause.reason();
  }

  public Reason reason() {
    return reason;
  }

  /** The provider's failure behind {@link Reason#CODE_EXCHANGE_FAILED}, or null. */
  public ProviderException.Reason providerReason() {
    return providerReason;
  }

  /** Whether trying later may succeed (the provider was down), as opposed to starting over. */
  public boolean retryable() {
    return providerReason != null
        && (providerReason == ProviderException.Reason.UNAVAILABLE
            || providerReason == ProviderException.Reason.RATE_LIMITED);
  }
}
