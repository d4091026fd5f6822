package dev.tokenvault;

/** The one-time code a provider returns to the redirect URI. */
public final class AuthorizationCode extends Secret {
  public AuthorizationCode(String value) {
    super(value);
  }
}
