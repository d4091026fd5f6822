package dev.tokenvault.provider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Built-in provider profiles. Each names the documentation its endpoints and quirks were checked
 * against; anything else can be configured with {@link ProviderProfile#builder} or
 * {@link ProviderProfile#discover}.
 */
public final class Providers {
  private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.-]{1,100}");

  private Providers() {}

  /**
   * Todoist API v1 (developer.todoist.com/api/v1, "Authorization"): comma-separated scopes, client
   * credentials as form fields at the token endpoint, 1-hour access tokens, refresh tokens that
   * rotate on every use, RFC 7009 revocation with client Basic auth. Servers must ignore unknown
   * authorization parameters (RFC 6749 §3.1), so PKCE is sent.
   */
  public static ProviderProfile todoist() {
    return ProviderProfile.builder("todoist")
        .displayName("Todoist")
        .authorizationUri(URI.create("https://app.todoist.com/oauth/authorize"))
        .tokenUri(URI.create("https://api.todoist.com/oauth/access_token"))
        .revocation(RevocationStyle.RFC_7009, URI.create("https://api.todoist.com/api/v1/revoke"))
        .revocationAuthentication(ClientAuthentication.CLIENT_SECRET_BASIC)
        .userInfo(URI.create("https://api.todoist.com/api/v1/user"), "id")
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .scopeSeparator(",")
        .defaultScopes(List.of("data:read_write"))
        .rotatesRefreshTokens(true)
        .build();
  }

  /**
   * A Todoist-compatible server at {@code base} (the local sandbox): Todoist's paths on another
   * origin.
   */
  public static ProviderProfile todoistAt(URI base) {
    String root = base.toString().replaceAll("/+$", "");
    return todoist().toBuilder()
        .authorizationUri(URI.create(root + "/oauth/authorize"))
        .tokenUri(URI.create(root + "/oauth/access_token"))
        .revocation(RevocationStyle.RFC_7009, URI.create(root + "/api/v1/revoke"))
        .userInfo(URI.create(root + "/api/v1/user"), "id")
        .build();
  }

  /**
   * Google (developers.google.com/identity/protocols/oauth2/web-server): OpenID Connect, offline
   * access needs {@code access_type=offline} and {@code prompt=consent}, revocation at
   * oauth2.googleapis.com/revoke.
   */
  public static ProviderProfile google() {
    return ProviderProfile.builder("google")
        .displayName("Google")
        .authorizationUri(URI.create("https://accounts.google.com/o/oauth2/v2/auth"))
        .tokenUri(URI.create("https://oauth2.googleapis.com/token"))
        .revocation(RevocationStyle.RFC_7009, URI.create("https://oauth2.googleapis.com/revoke"))
        .openIdConnect("https://accounts.google.com", URI.create("https://www.googleapis.com/oauth2/v3/certs"))
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .defaultScopes(List.of("openid", "email", "profile"))
        .authorizationParameter("access_type", "offline")
        .authorizationParameter("prompt", "consent")
        .build();
  }

  /**
   * GitHub OAuth apps (docs.github.com, "Authorizing OAuth apps"): tokens do not expire, errors can
   * arrive with status 200, JSON only with {@code Accept: application/json}, revocation through
   * {@code DELETE /applications/{client_id}/token}.
   */
  public static ProviderProfile github() {
    return ProviderProfile.builder("github")
        .displayName("GitHub")
        .authorizationUri(URI.create("https://github.com/login/oauth/authorize"))
        .tokenUri(URI.create("https://github.com/login/oauth/access_token"))
        .revocation(RevocationStyle.GITHUB, URI.create("https://api.github.com/applications"))
        .userInfo(URI.create("https://api.github.com/user"), "id")
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .defaultScopes(List.of("read:user"))
        .errorsInOkResponses(true)
        .build();
  }

  /**
   * GitHub Apps acting for a user (docs.github.com, "Refreshing user access tokens"): 8-hour access
   * tokens and refresh tokens that rotate on every use.
   */
  public static ProviderProfile githubApp() {
    return github().toBuilder()
        .displayName("GitHub App")
        .defaultScopes(List.of())
        .rotatesRefreshTokens(true)
        .build()
        .withId("github-app");
  }

  /**
   * Microsoft Entra ID (learn.microsoft.com, "Microsoft identity platform and OAuth 2.0
   * authorization code flow"): v2.0 endpoints per tenant, {@code offline_access} for refresh
   * tokens, which rotate; no token revocation endpoint. For the multi-tenant aliases ({@code
   * common}, {@code organizations}, {@code consumers}) the ID token's issuer names the user's own
   * tenant, so the account comes from the OIDC user-info endpoint instead.
   */
  public static ProviderProfile microsoft(String tenant) {
    if (tenant == null || !TENANT.matcher(tenant).matches()) {
      throw new IllegalArgumentException("Microsoft tenant must be a tenant id, a domain, or common/organizations/consumers; got " + tenant);
    }
    String base = "https://login.microsoftonline.com/" + tenant;
    var builder = ProviderProfile.builder("microsoft")
        .displayName("Microsoft")
        .authorizationUri(URI.create(base + "/oauth2/v2.0/authorize"))
        .tokenUri(URI.create(base + "/oauth2/v2.0/token"))
        .clientAuthentication(ClientAuthentication.CLIENT_SECRET_POST)
        .defaultScopes(List.of("openid", "profile", "offline_access", "User.Read"))
        .rotatesRefreshTokens(true);
    if (List.of("common", "organizations", "consumers").contains(tenant)) {
      builder.userInfo(URI.create("https://graph.microsoft.com/oidc/userinfo"), "sub");
    } else {
      builder.openIdConnect(base + "/v2.0", URI.create(base + "/discovery/v2.0/keys"));
    }
    return builder.build();
  }

  /**
   * Discord (discord.com/developers/docs/topics/oauth2 and its authorization-server metadata): RFC
   * 7009 revocation at /api/oauth2/token/revoke with client credentials, PKCE S256, the RFC 9207
   * {@code iss} in every authorization response; refresh tokens rotate.
   */
  public static ProviderProfile discord() {
    return ProviderProfile.builder("discord")
        .displayName("Discord")
        .authorizationUri(URI.create("https://discord.com/oauth2/authorize"))
        .tokenUri(URI.create("https://discord.com/api/oauth2/token"))
        .revocation(RevocationStyle.RFC_7009, URI.create("https://discord.com/api/oauth2/token/revoke"))
        .userInfo(URI.create("https://discord.com/api/users/@me"), "id")
        .issuer("https://discord.com")
        .sendsIssuerParameter(true)
        .defaultScopes(List.of("identify"))
        .rotatesRefreshTokens(true)
        .build();
  }

  /**
   * Slack (docs.slack.dev, "oauth.v2.access" and "Using token rotation"): client credentials by HTTP
   * Basic as Slack asks, {@code ok:false} inside a 200, comma-separated scopes, revocation through
   * {@code auth.revoke}; with rotation turned on, access tokens last 12 hours and each refresh
   * returns a new refresh token.
   */
  public static ProviderProfile slack() {
    return ProviderProfile.builder("slack")
        .displayName("Slack")
        .authorizationUri(URI.create("https://slack.com/oauth/v2/authorize"))
        .tokenUri(URI.create("https://slack.com/api/oauth.v2.access"))
        .revocation(RevocationStyle.SLACK, URI.create("https://slack.com/api/auth.revoke"))
        .userInfo(URI.create("https://slack.com/api/auth.test"), "user_id")
        .scopeSeparator(",")
        .rotatesRefreshTokens(true)
        .errorsInOkResponses(true)
        .refreshWindow(Duration.ofMinutes(10))
        .build();
  }

  /**
   * Spotify (developer.spotify.com/documentation/web-api, authorization code and refreshing
   * tokens): client credentials by HTTP Basic, no revocation endpoint, so disconnect wipes locally
   * only; a refresh may or may not return a new refresh token.
   */
  public static ProviderProfile spotify() {
    return ProviderProfile.builder("spotify")
        .displayName("Spotify")
        .authorizationUri(URI.create("https://accounts.spotify.com/authorize"))
        .tokenUri(URI.create("https://accounts.spotify.com/api/token"))
        .userInfo(URI.create("https://api.spotify.com/v1/me"), "id")
        .defaultScopes(List.of("user-read-email"))
        .build();
  }
}
