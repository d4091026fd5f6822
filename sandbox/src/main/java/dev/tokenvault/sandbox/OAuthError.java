package dev.tokenvault.sandbox;

/** An OAuth error answer: status and the RFC 6749 error code. */
final class OAuthError extends Exception {
  final int status;
  final String code;

  OAuthError(int status, String code, String description) {
    super(description);
    this.status = status;
    this.code = code;
  }
}
