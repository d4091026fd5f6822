package dev.tokenvault;

/** A PKCE code verifier (RFC 7636): kept server-side until the code is exchanged. */
public final class CodeVerifier extends Secret {
  public CodeVerifier(String value) {
    super(value);
  }
}
