package dev.tokenvault.provider;

/** How a provider revokes a token. */
public enum RevocationStyle {
  /** RFC 7009: POST the token (and a type hint) to the revocation endpoint. */
  RFC_7009,
  /**
   * GitHub: {@code DELETE {revocationUri}/{client_id}/token} with Basic auth and a JSON body; the
   * revocation URI is the {@code /applications} base.
   */
  GITHUB,
  /** Slack: {@code auth.revoke} called with the token itself as bearer. */
  SLACK,
  /** The provider offers no revocation call; the grant is only wiped locally. */
  NONE
}
