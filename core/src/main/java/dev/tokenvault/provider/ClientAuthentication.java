package dev.tokenvault.provider;

/** How the client proves itself at the token and revocation endpoints (RFC 6749 §2.3). */
public enum ClientAuthentication {
  /** HTTP Basic with client id and secret. */
  CLIENT_SECRET_BASIC,
  /** Client id and secret as form fields. */
  CLIENT_SECRET_POST,
  /** Public client: client id only, PKCE required. */
  NONE
}
