package dev.tokenvault;

/** An OpenID Connect ID token (a signed JWT about the user). */
public final class IdToken extends Secret {
  public IdToken(String value) {
    super(value);
  }
}
