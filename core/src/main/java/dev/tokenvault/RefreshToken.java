package dev.tokenvault;

/** An OAuth refresh token: the long-lived credential that keeps a grant alive. */
public final class RefreshToken extends Secret {
  public RefreshToken(String value) {
    super(value);
  }
}
