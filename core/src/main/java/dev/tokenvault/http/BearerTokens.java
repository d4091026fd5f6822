package dev.tokenvault.http;

import dev.tokenvault.AccessToken;

/** Where {@link AuthorizedHttpClient} gets its bearer token: in practice one connection's. */
public interface BearerTokens {
  /** A valid token to send. */
  AccessToken current();

  /** The server answered 401 to {@code rejected}: a fresh token (refreshed, or already newer). */
  AccessToken afterRejection(AccessToken rejected);
}
