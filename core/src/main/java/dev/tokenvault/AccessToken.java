package dev.tokenvault;

/** An OAuth access token, sent as a bearer credential to the provider's API. */
public final class AccessToken extends Secret {
  public AccessToken(String value) {
    super(value);
  }
}
