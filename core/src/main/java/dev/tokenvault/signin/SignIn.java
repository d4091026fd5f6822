package dev.tokenvault.signin;

import dev.tokenvault.CodeVerifier;
import dev.tokenvault.AuthorizationCode;
import dev.tokenvault.crypto.Digests;
import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.store.SignInStates;
import dev.tokenvault.store.SignInStates.Consumed;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;

/**
 * The authorization-code flow: a per-attempt state bound to the browser session, PKCE S256, OIDC
 * nonce, and the RFC 9207 issuer check. Stores nothing but the attempt itself; the caller stores the
 * resulting connection.
 */
public final class SignIn {
  /** How long a person has to finish at the provider. */
  public static final Duration STATE_LIFETIME = Duration.ofMinutes(10);
  private static final int MAX_PARAMETER = 4096;

  private final SignInStates states;
  private final OAuthClient oauth;
  private final Clock clock;
  private final SecureRandom random;

  public SignIn(SignInStates states, OAuthClient oauth, Clock clock, SecureRandom random) {
    this.states = Objects.requireNonNull(states, "states");
    this.oauth = Objects.requireNonNull(oauth, "oauth");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Starts a sign-in and returns where to send the browser.
   *
   * @param browserBinding a stable value of the browser session that starts the sign-in (for
   *     example its session id); only its hash is stored, and the callback must present the same
   * @param userId the application's user, or null when the sign-in itself identifies the user
   * @param returnTo where to go afterwards (the caller validates it), or null
   */
  public URI begin(ProviderRegistration reg, String browserBinding, String userId, String returnTo) {
    requireBinding(browserBinding);
    String state = randomToken();
    CodeVerifier verifier = reg.profile().pkce() ? new CodeVerifier(randomToken()) : null;
    String nonce = reg.profile().isOpenIdConnect() ? randomToken() : null;
    Instant now = clock.instant();
    states.save(state, new SignInStates.Pending(reg.providerId(), Digests.sha256Hex(browserBinding), userId,
        reg.redirectUri(), returnTo, verifier, nonce, now.plus(STATE_LIFETIME)), now);
    return oauth.authorizationUri(reg, state, verifier, nonce);
  }

  /** Completes a sign-in from the callback's query parameters. */
  public SignInResult complete(ProviderRegistration reg, Map<String, String> query, String browserBinding)
      throws SignInException {
    requireBinding(browserBinding);
    String state = parameter(query, "state");
    String error = parameter(query, "error");
    if (state == null) {
      if (error != null) {
        throw providerError(reg, error);
      }
      throw new SignInException(SignInException.Reason.STATE_MISSING,
          "The sign-in response is missing its state. Start the sign-in again from this site.");
    }
    SignInStates.Pending pending = switch (states.consume(state, clock.instant())) {
      case Consumed.Unknown u -> throw new SignInException(SignInException.Reason.STATE_UNKNOWN,
          "This sign-in response was not started here. Start the sign-in again from this site.");
      case Consumed.Replayed r -> throw new SignInException(SignInException.Reason.STATE_REPLAYED,
          "This sign-in response was already used. Start the sign-in again.");
      case Consumed.Expired e -> throw new SignInException(SignInException.Reason.STATE_EXPIRED,
          "The sign-in took longer than " + STATE_LIFETIME.toMinutes() + " minutes. Start it again.");
      case Consumed.Valid v -> v.pending();
    };
    if (!pending.provider().equals(reg.providerId())) {
      throw new SignInException(SignInException.Reason.STATE_UNKNOWN,
          "This sign-in response belongs to another provider. Start the sign-in again.");
    }
    if (!java.security.MessageDigest.isEqual(
        pending.browserBindingHash().getBytes(), Digests.sha256Hex(browserBinding).getBytes())) {
      throw new SignInException(SignInException.Reason.STATE_FROM_OTHER_BROWSER,
          "This sign-in was started in another browser session. Start the sign-in again here.");
    }
    checkIssuer(reg, parameter(query, "iss"));
    if (error != null) {
      throw providerError(reg, error);
    }
    String code = parameter(query, "code");
    if (code == null) {
      throw new SignInException(SignInException.Reason.PROVIDER_ERROR,
          reg.profile().displayName() + " sent no authorization code. Start the sign-in again.");
    }
    TokenGrant grant;
    try {
      grant = oauth.exchangeCode(reg, new AuthorizationCode(code), pending.verifier());
    } catch (ProviderException e) {
      throw new SignInException(SignInException.Reason.CODE_EXCHANGE_FAILED,
          e.isTransient()
              ? reg.profile().displayName() + " is not answering right now. Try signing in again in a minute."
              : reg.profile().displayName() + " did not accept the sign-in (" + e.getMessage() + "). Start it again.",
          e);
    }
    try {
      String accountId = oauth.accountId(reg, grant, pending.nonce());
      return new SignInResult(reg.providerId(), pending.userId(), accountId, grant, pending.returnTo());
    } catch (ProviderException e) {
      boolean idToken = "invalid_id_token".equals(e.errorCode());
      throw new SignInException(
          idToken ? SignInException.Reason.ID_TOKEN_INVALID : SignInException.Reason.ACCOUNT_LOOKUP_FAILED,
          idToken
              ? reg.profile().displayName() + " sent an identity that failed validation. Start the sign-in again."
              : reg.profile().displayName() + " did not say who signed in (" + e.getMessage() + "). Try again.",
          e);
    }
  }

  private void checkIssuer(ProviderRegistration reg, String iss) throws SignInException {
    String expected = reg.profile().issuer();
    if (iss == null) {
      if (reg.profile().sendsIssuerParameter()) {
        throw new SignInException(SignInException.Reason.ISSUER_MISMATCH,
            "The sign-in response does not name its issuer. Start the sign-in again.");
      }
      return;
    }
    if (expected != null && !expected.equals(iss)) {
      throw new SignInException(SignInException.Reason.ISSUER_MISMATCH,
          "The sign-in response came from another issuer than " + reg.profile().displayName()
              + ". Start the sign-in again.");
    }
  }

  private static SignInException providerError(ProviderRegistration reg, String error) {
    if ("access_denied".equals(error)) {
      return new SignInException(SignInException.Reason.ACCESS_DENIED,
          "You declined access at " + reg.profile().displayName() + ". Nothing was connected; sign in again to connect.");
    }
    String code = error.matches("[a-z_]{1,64}") ? error : "an unrecognised error";
    return new SignInException(SignInException.Reason.PROVIDER_ERROR,
        reg.profile().displayName() + " reported " + code + ". Start the sign-in again.");
  }

  private static String parameter(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.isEmpty()) {
      return null;
    }
    // Oversized values are never ours; treat them like garbage rather than hashing megabytes.
    return value.length() > MAX_PARAMETER ? value.substring(0, MAX_PARAMETER) : value;
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static void requireBinding(String browserBinding) {
    if (browserBinding == null || browserBinding.isBlank()) {
      throw new IllegalArgumentException("A browser binding (for example the session id) is required");
    }
  }
}
