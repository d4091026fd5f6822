package dev.tokenvault.provider;

import com.nimbusds.oauth2.sdk.GeneralException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What Tokenvault needs to know about a provider: endpoints, client authentication, scopes and
 * quirks. Built-ins are in {@link Providers}; any other provider is configured with {@link #builder}
 * or {@link #discover} alone.
 *
 * @param revocationUri null when {@code revocation} is {@link RevocationStyle#NONE}
 * @param revocationAuthentication how the client authenticates to the revocation endpoint; null
 *     means as at the token endpoint (Todoist wants Basic there but form fields for tokens)
 * @param userInfoUri where the account id comes from when the provider is not OpenID Connect
 * @param accountIdField the field of the user-info JSON that holds the account id (dots for nesting)
 * @param issuer the authorization server's issuer identifier: checked against RFC 9207's {@code iss}
 *     and, for OpenID Connect, the ID token's {@code iss}; null when the provider publishes none
 * @param jwksUri the OIDC signing keys, or null for plain OAuth 2.0
 * @param scopeSeparator a space by the standard; Todoist wants commas
 * @param sendsIssuerParameter whether every authorization response carries RFC 9207 {@code iss}
 * @param rotatesRefreshTokens whether each refresh returns a new refresh token (documentation and
 *     metrics only: Tokenvault always stores what the provider sends)
 * @param errorsInOkResponses whether errors can arrive with status 200 (GitHub, Slack)
 */
public record ProviderProfile(
    String id,
    String displayName,
    URI authorizationUri,
    URI tokenUri,
    RevocationStyle revocation,
    URI revocationUri,
    ClientAuthentication revocationAuthentication,
    URI userInfoUri,
    String accountIdField,
    String issuer,
    URI jwksUri,
    ClientAuthentication clientAuthentication,
    String scopeSeparator,
    List<String> defaultScopes,
    boolean pkce,
    Map<String, String> extraAuthorizationParameters,
    Duration refreshWindow,
    boolean sendsIssuerParameter,
    boolean rotatesRefreshTokens,
    boolean errorsInOkResponses) {

  public static final Duration DEFAULT_REFRESH_WINDOW = Duration.ofMinutes(5);
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  public ProviderProfile {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "Provider id must be 1-64 lowercase letters, digits, '.', '_' or '-' (got " + id + ")");
    }
    displayName = displayName == null ? id : displayName;
    requireEndpoint(id, "authorizationUri", authorizationUri);
    requireEndpoint(id, "tokenUri", tokenUri);
    Objects.requireNonNull(revocation, "revocation");
    if (revocation != RevocationStyle.NONE) {
      requireEndpoint(id, "revocationUri", revocationUri);
    }
    if (userInfoUri != null) {
      requireEndpoint(id, "userInfoUri", userInfoUri);
      if (accountIdField == null || accountIdField.isBlank()) {
        throw new IllegalArgumentException("Provider " + id + ": set accountIdField, the user-info field that holds the account id");
      }
    }
    if (jwksUri != null && issuer == null) {
      throw new IllegalArgumentException("Provider " + id + ": OpenID Connect needs the issuer beside jwksUri");
    }
    if (jwksUri == null && userInfoUri == null) {
      throw new IllegalArgumentException(
          "Provider " + id + ": set userInfoUri (and accountIdField) or an OpenID Connect issuer, so the account can be identified");
    }
    if (jwksUri != null) {
      requireEndpoint(id, "jwksUri", jwksUri);
    }
    Objects.requireNonNull(clientAuthentication, "clientAuthentication");
    revocationAuthentication = revocationAuthentication == null ? clientAuthentication : revocationAuthentication;
    scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
    defaultScopes = List.copyOf(defaultScopes == null ? List.of() : defaultScopes);
    extraAuthorizationParameters = Map.copyOf(extraAuthorizationParameters == null ? Map.of() : extraAuthorizationParameters);
    refreshWindow = refreshWindow == null ? DEFAULT_REFRESH_WINDOW : refreshWindow;
    if (refreshWindow.isNegative()) {
      throw new IllegalArgumentException("Provider " + id + ": refreshWindow must not be negative");
    }
  }

  /** Whether sign-in validates an ID token (issuer, audience, expiry, nonce, signature). */
  public boolean isOpenIdConnect() {
    return jwksUri != null;
  }

  public Builder toBuilder() {
    return new Builder(this, id);
  }

  /** The same profile under another id (a variant of a built-in). */
  public ProviderProfile withId(String newId) {
    return new Builder(this, newId).build();
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Reads an OpenID Connect issuer's discovery document and fills in endpoints, PKCE and RFC 9207
   * support from it.
   */
  public static Builder discover(String id, URI issuer, Duration timeout) {
    OIDCProviderMetadata metadata;
    try {
      int millis = Math.toIntExact(timeout.toMillis());
      metadata = OIDCProviderMetadata.resolve(new Issuer(issuer), millis, millis);
    } catch (GeneralException | IOException e) {
      throw new IllegalArgumentException(
          "Provider " + id + ": OpenID Connect discovery at " + issuer + " failed: " + e.getMessage(), e);
    }
    var builder = builder(id)
        .authorizationUri(metadata.getAuthorizationEndpointURI())
        .tokenUri(metadata.getTokenEndpointURI())
        .openIdConnect(metadata.getIssuer().getValue(), metadata.getJWKSetURI())
        .defaultScopes(List.of("openid"))
        .sendsIssuerParameter(metadata.supportsAuthorizationResponseIssuerParam());
    List<CodeChallengeMethod> pkce = metadata.getCodeChallengeMethods();
    builder.pkce(pkce == null || pkce.contains(CodeChallengeMethod.S256));
    List<ClientAuthenticationMethod> methods = metadata.getTokenEndpointAuthMethods();
    builder.clientAuthentication(methods == null || methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
        ? ClientAuthentication.CLIENT_SECRET_BASIC
        : ClientAuthentication.CLIENT_SECRET_POST);
    if (metadata.getRevocationEndpointURI() != null) {
      builder.revocation(RevocationStyle.RFC_7009, metadata.getRevocationEndpointURI());
    }
    return builder;
  }

  private static void requireEndpoint(String id, String name, URI uri) {
    if (uri == null) {
      throw new IllegalArgumentException("Provider " + id + ": " + name + " is required");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
    if (!uri.isAbsolute() || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
      throw new IllegalArgumentException(
          "Provider " + id + ": " + name + " must be an absolute https URL (http only on loopback), got " + uri);
    }
  }

  /** Builds a profile; {@link ProviderProfile}'s constructor validates it. */
  public static final class Builder {
    private final String id;
    private String displayName;
    private URI authorizationUri;
    private URI tokenUri;
    private RevocationStyle revocation = RevocationStyle.NONE;
    private URI revocationUri;
    private ClientAuthentication revocationAuthentication;
    private URI userInfoUri;
    private String accountIdField;
    private String issuer;
    private URI jwksUri;
    private ClientAuthentication clientAuthentication = ClientAuthentication.CLIENT_SECRET_BASIC;
    private String scopeSeparator = " ";
    private List<String> defaultScopes = List.of();
    private boolean pkce = true;
    private final Map<String, String> extraAuthorizationParameters = new LinkedHashMap<>();
    private Duration refreshWindow = DEFAULT_REFRESH_WINDOW;
    private boolean sendsIssuerParameter;
    private boolean rotatesRefreshTokens;
    private boolean errorsInOkResponses;

    private Builder(String id) {
      this.id = id;
    }

    private Builder(ProviderProfile p, String id) {
      this(id);
      displayName = p.displayName;
      authorizationUri = p.authorizationUri;
      tokenUri = p.tokenUri;
      revocation = p.revocation;
      revocationUri = p.revocationUri;
      revocationAuthentication = p.revocationAuthentication;
      userInfoUri = p.userInfoUri;
      accountIdField = p.accountIdField;
      issuer = p.issuer;
      jwksUri = p.jwksUri;
      clientAuthentication = p.clientAuthentication;
      scopeSeparator = p.scopeSeparator;
      defaultScopes = p.defaultScopes;
      pkce = p.pkce;
      extraAuthorizationParameters.putAll(p.extraAuthorizationParameters);
      refreshWindow = p.refreshWindow;
      sendsIssuerParameter = p.sendsIssuerParameter;
      rotatesRefreshTokens = p.rotatesRefreshTokens;
      errorsInOkResponses = p.errorsInOkResponses;
    }

    public Builder displayName(String name) {
      this.displayName = name;
      return this;
    }

    public Builder authorizationUri(URI uri) {
      this.authorizationUri = uri;
      return this;
    }

    public Builder tokenUri(URI uri) {
      this.tokenUri = uri;
      return this;
    }

    public Builder revocation(RevocationStyle style, URI uri) {
      this.revocation = style;
      this.revocationUri = uri;
      return this;
    }

    /** Client authentication at the revocation endpoint, when it differs from the token endpoint's. */
    public Builder revocationAuthentication(ClientAuthentication method) {
      this.revocationAuthentication = method;
      return this;
    }

    public Builder userInfo(URI uri, String accountIdField) {
      this.userInfoUri = uri;
      this.accountIdField = accountIdField;
      return this;
    }

    public Builder openIdConnect(String issuer, URI jwksUri) {
      this.issuer = issuer;
      this.jwksUri = jwksUri;
      return this;
    }

    /** The issuer identifier of a plain OAuth 2.0 server, for the RFC 9207 {@code iss} check. */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    public Builder clientAuthentication(ClientAuthentication method) {
      this.clientAuthentication = method;
      return this;
    }

    public Builder scopeSeparator(String separator) {
      this.scopeSeparator = separator;
      return this;
    }

    public Builder defaultScopes(List<String> scopes) {
      this.defaultScopes = scopes;
      return this;
    }

    public Builder pkce(boolean pkce) {
      this.pkce = pkce;
      return this;
    }

    public Builder authorizationParameter(String name, String value) {
      extraAuthorizationParameters.put(name, value);
      return this;
    }

    public Builder refreshWindow(Duration window) {
      this.refreshWindow = window;
      return this;
    }

    public Builder sendsIssuerParameter(boolean sends) {
      this.sendsIssuerParameter = sends;
      return this;
    }

    public Builder rotatesRefreshTokens(boolean rotates) {
      this.rotatesRefreshTokens = rotates;
      return this;
    }

    public Builder errorsInOkResponses(boolean errorsInOk) {
      this.errorsInOkResponses = errorsInOk;
      return this;
    }

    public ProviderProfile build() {
      return new ProviderProfile(id, displayName, authorizationUri, tokenUri, revocation, revocationUri,
          revocationAuthentication, userInfoUri, accountIdField, issuer, jwksUri, clientAuthentication, scopeSeparator, defaultScopes,
          pkce, extraAuthorizationParameters, refreshWindow, sendsIssuerParameter, rotatesRefreshTokens,
          errorsInOkResponses);
    }
  }
}
