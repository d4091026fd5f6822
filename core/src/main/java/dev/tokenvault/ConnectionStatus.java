package dev.tokenvault;

/** Whether a connection's grant can be used. */
public enum ConnectionStatus {
  /** Tokens are stored and can be refreshed. */
  ACTIVE,
  /** The provider rejected the refresh token; tokens are wiped and the user must sign in again. */
  NEEDS_REAUTH,
  /** The user disconnected; tokens are wiped and revoked at the provider. */
  REVOKED
}
