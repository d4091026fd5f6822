package dev.tokenvault.provider;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.RefreshTokenGrant;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenRevocationRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.oauth2.sdk.token.Token;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.tokenvault.AccessToken;
import dev.tokenvault.AuthorizationCode;
import dev.tokenvault.CodeVerifier;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.provider.ProviderException.Reason;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import net.minidev.json.JSONObject;

/**
 * The OAuth 2.0 / OpenID Connect calls: authorization URL, code exchange, refresh, revocation and
 * account lookup. Nimbus builds the messages; {@code java.net.http} carries them with timeouts.
 * Immutable and thread-safe: build one and share it.
 */
public final class OAuthClient {
  private final HttpClient http;
  private final Duration timeout;
  private final Clock clock;
  private final Map<String, IDTokenValidator> validators = new ConcurrentHashMap<>();

  public OAuthClient(HttpClient http, Duration timeout, Clock clock) {
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A client with its own HTTP/1.1 connection pool and a 10 s connect timeout. */
  public static OAuthClient create(Duration timeout, Clock clock) {
    return new OAuthClient(
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build(),
        timeout, clock);
  }

  /**
   * Where to send the browser. {@code verifier} is null when the provider takes no PKCE, {@code
   * nonce} null unless OpenID Connect.
   */
  public URI authorizationUri(ProviderRegistration reg, String state, CodeVerifier verifier, String nonce) {
    ProviderProfile profile = reg.profile();
    var request = new AuthorizationRequest.Builder(ResponseType.CODE, new ClientID(reg.clientId()))
        .endpointURI(profile.authorizationUri())
        .redirectionURI(reg.redirectUri())
        .state(new State(state));
    if (verifier != null) {
      request.codeChallenge(new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(verifier.reveal()), CodeChallengeMethod.S256);
    }
    if (!reg.scopes().isEmpty()) {
      // Nimbus joins scopes with spaces; some providers (Todoist, Slack) want commas.
      request.customParameter("scope", String.join(profile.scopeSeparator(), reg.scopes()));
    }
    if (nonce != null) {
      request.customParameter("nonce", nonce);
    }
    profile.extraAuthorizationParameters().forEach(request::customParameter);
    return request.build().toURI();
  }

  public TokenGrant exchangeCode(ProviderRegistration reg, AuthorizationCode code, CodeVerifier verifier)
      throws ProviderException {
    var grant = new AuthorizationCodeGrant(
        new com.nimbusds.oauth2.sdk.AuthorizationCode(code.reveal()),
        reg.redirectUri(),
        verifier == null ? null : new com.nimbusds.oauth2.sdk.pkce.CodeVerifier(verifier.reveal()));
    return tokenCall(reg, grant, "code exchange");
  }

  public TokenGrant refresh(ProviderRegistration reg, RefreshToken token) throws ProviderException {
    var grant = new RefreshTokenGrant(new com.nimbusds.oauth2.sdk.token.RefreshToken(token.reveal()));
    return tokenCall(reg, grant, "token refresh");
  }

  private TokenGrant tokenCall(ProviderRegistration reg, AuthorizationGrant grant, String call)
      throws ProviderException {
    URI tokenUri = reg.profile().tokenUri();
    TokenRequest request = switch (reg.profile().clientAuthentication()) {
      case CLIENT_SECRET_BASIC -> new TokenRequest(tokenUri, basic(reg), grant);
      case CLIENT_SECRET_POST -> new TokenRequest(tokenUri, post(reg), grant);
      case NONE -> new TokenRequest(tokenUri, new ClientID(reg.clientId()), grant);
    };
    HttpResponse<String> response = send(reg.profile(), call, toJdk(request.toHTTPRequest()));
    return ProviderAnswers.grant(reg.profile(), response.statusCode(), response.headers(), response.body(), clock);
  }

  /**
   * Revokes a token at the provider in the provider's own way. Unknown or already revoked tokens
   * count as revoked (RFC 7009 §2.2).
   */
  public void revoke(ProviderRegistration reg, dev.tokenvault.Secret token, TokenTypeHint hint) throws ProviderException {
    ProviderProfile profile = reg.profile();
    switch (profile.revocation()) {
      case NONE -> {
        return;
      }
      case RFC_7009 -> {
        Token nimbusToken = hint == TokenTypeHint.REFRESH_TOKEN
            ? new com.nimbusds.oauth2.sdk.token.RefreshToken(token.reveal())
            : new BearerAccessToken(token.reveal());
        TokenRevocationRequest request = switch (profile.revocationAuthentication()) {
          case CLIENT_SECRET_BASIC -> new TokenRevocationRequest(profile.revocationUri(), basic(reg), nimbusToken);
          case CLIENT_SECRET_POST -> new TokenRevocationRequest(profile.revocationUri(), post(reg), nimbusToken);
          case NONE -> new TokenRevocationRequest(profile.revocationUri(), new ClientID(reg.clientId()), nimbusToken);
        };
        HttpResponse<String> response = send(profile, "revocation", toJdk(request.toHTTPRequest()));
        ProviderAnswers.failIfError(profile, "revocation", response.statusCode(), response.headers(), response.body(), clock);
      }
      case GITHUB -> {
        if (hint == TokenTypeHint.REFRESH_TOKEN) {
          return; // GitHub revokes by access token; the refresh token dies with the grant.
        }
        URI uri = URI.create(profile.revocationUri().toString().replaceAll("/+$", "") + "/"
            + URLEncoder.encode(reg.clientId(), StandardCharsets.UTF_8) + "/token");
        var json = new JSONObject(Map.of("access_token", token.reveal()));
        var request = HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Authorization", basic(reg).toHTTPAuthorizationHeader())
            .header("Accept", "application/vnd.github+json")
            .header("Content-Type", "application/json")
            .method("DELETE", HttpRequest.BodyPublishers.ofString(json.toJSONString()));
        HttpResponse<String> response = send(profile, "revocation", request);
        if (response.statusCode() != 204 && response.statusCode() != 404) {
          ProviderAnswers.failIfError(profile, "revocation", response.statusCode(), response.headers(), response.body(), clock);
        }
      }
      case SLACK -> {
        var request = HttpRequest.newBuilder(profile.revocationUri())
            .timeout(timeout)
            .header("Authorization", "Bearer " + token.reveal())
            .POST(HttpRequest.BodyPublishers.noBody());
        HttpResponse<String> response = send(profile, "revocation", request);
        try {
          ProviderAnswers.failIfError(profile, "revocation", response.statusCode(), response.headers(), response.body(), clock);
        } catch (ProviderException e) {
          if (e.reason() != Reason.INVALID_GRANT && !"invalid_auth".equals(e.errorCode())) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * Who the tokens belong to at the provider: the validated ID token's {@code sub} for OpenID
   * Connect (signature, issuer, audience, expiry and {@code nonce} checked), else the user-info call.
   */
  public String accountId(ProviderRegistration reg, TokenGrant grant, String expectedNonce) throws ProviderException {
    ProviderProfile profile = reg.profile();
    if (profile.isOpenIdConnect()) {
      if (grant.idToken() == null) {
        throw ProviderAnswers.malformed(profile, "an OpenID Connect sign-in returned no id_token");
      }
      try {
        var claims = validator(reg).validate(JWTParser.parse(grant.idToken().reveal()),
            expectedNonce == null ? null : new Nonce(expectedNonce));
        return claims.getSubject().getValue();
      } catch (ParseException | BadJOSEException | JOSEException e) {
        throw new ProviderException(Reason.MALFORMED_RESPONSE, "invalid_id_token",
            profile.displayName() + " sent an ID token that failed validation: " + e.getMessage(), null, e);
      }
    }
    var request = HttpRequest.newBuilder(profile.userInfoUri())
        .timeout(timeout)
        .header("Authorization", "Bearer " + grant.accessToken().reveal())
        .header("Accept", "application/json")
        .GET();
    HttpResponse<String> response = send(profile, "account lookup", request);
    JSONObject json = ProviderAnswers.failIfError(profile, "account lookup", response.statusCode(), response.headers(), response.body(), clock);
    String id = ProviderAnswers.path(json, profile.accountIdField());
    if (id == null || id.isBlank()) {
      throw ProviderAnswers.malformed(profile, "the user-info answer has no " + profile.accountIdField());
    }
    return id;
  }

  /** One validator per registration: it caches the provider's signing keys. */
  private IDTokenValidator validator(ProviderRegistration reg) {
    return validators.computeIfAbsent(reg.providerId() + " " + reg.clientId(), key -> {
      int millis = Math.toIntExact(timeout.toMillis());
      try {
        return new IDTokenValidator(new Issuer(reg.profile().issuer()), new ClientID(reg.clientId()),
            JWSAlgorithm.RS256, reg.profile().jwksUri().toURL(), new DefaultResourceRetriever(millis, millis));
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("Provider " + reg.providerId() + ": jwksUri is not a URL", e);
      }
    });
  }

  private HttpRequest.Builder toJdk(HTTPRequest request) {
    var builder = HttpRequest.newBuilder(request.getURI()).timeout(timeout);
    request.getHeaderMap().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Content-Length")) {
        values.forEach(value -> builder.header(name, value));
      }
    });
    // GitHub answers form-encoded unless asked for JSON; everyone else ignores the header.
    builder.header("Accept", "application/json");
    String body = request.getBody();
    builder.method(request.getMethod().name(),
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return builder;
  }

  private HttpResponse<String> send(ProviderProfile profile, String call, HttpRequest.Builder request)
      throws ProviderException {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (HttpTimeoutException e) {
      throw new ProviderException(Reason.UNAVAILABLE, null,
          profile.displayName() + " did not answer the " + call + " within " + timeout.toSeconds() + " s", null, e);
    } catch (IOException e) {
      throw new ProviderException(Reason.UNAVAILABLE, null,
          profile.displayName() + " could not be reached for the " + call + ": " + e.getClass().getSimpleName(), null, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(Reason.UNAVAILABLE, null, "Interrupted during the " + call, null, e);
    }
  }

  private static ClientSecretBasic basic(ProviderRegistration reg) {
    return new ClientSecretBasic(new ClientID(reg.clientId()), new Secret(reg.clientSecret().reveal()));
  }

  private static ClientSecretPost post(ProviderRegistration reg) {
    return new ClientSecretPost(new ClientID(reg.clientId()), new Secret(reg.clientSecret().reveal()));
  }
}
