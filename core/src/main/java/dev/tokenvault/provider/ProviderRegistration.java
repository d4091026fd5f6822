package dev.tokenvault.provider;

import dev.tokenvault.ClientSecret;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * This application's registration at a provider: the profile plus client id, secret and the exact
 * redirect URI registered there.
 *
 * @param clientSecret null for a public client ({@link ClientAuthentication#NONE})
 * @param scopes the scopes to ask for; empty means the profile's defaults
 */
public record ProviderRegistration(
    ProviderProfile profile, String clientId, ClientSecret clientSecret, URI redirectUri, List<String> scopes) {

  public ProviderRegistration {
    Objects.requireNonNull(profile, "profile");
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("Provider " + profile.id() + ": the client id is required");
    }
    if (clientSecret == null && profile.clientAuthentication() != ClientAuthentication.NONE) {
      throw new IllegalArgumentException("Provider " + profile.id()
          + ": the client secret is required for " + profile.clientAuthentication());
    }
    if (redirectUri == null || !redirectUri.isAbsolute() || redirectUri.getFragment() != null) {
      throw new IllegalArgumentException("Provider " + profile.id()
          + ": the redirect URI must be absolute, without a fragment, exactly as registered (got " + redirectUri + ")");
    }
    scopes = List.copyOf(scopes == null || scopes.isEmpty() ? profile.defaultScopes() : scopes);
  }

  public String providerId() {
    return profile.id();
  }
}
