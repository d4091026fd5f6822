package dev.tokenvault.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.JdbcOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;

/**
 * The peer: what Java developers use today. Spring Security's OAuth2 client with its JDBC store
 * ({@code JdbcOAuth2AuthorizedClientService}, tokens in plain text) behind
 * {@code AuthorizedClientServiceOAuth2AuthorizedClientManager}, configured as its documentation shows.
 */
final class SpringPeer {
  static final String REGISTRATION = "todoist";

  private final JdbcOAuth2AuthorizedClientService service;
  private final AuthorizedClientServiceOAuth2AuthorizedClientManager manager;
  private final ClientRegistration registration;

  SpringPeer(DataSource dataSource, boolean postgres, URI tokenUri) {
    var jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("drop table if exists oauth2_authorized_client");
    jdbc.execute(schema(postgres));
    registration = ClientRegistration.withRegistrationId(REGISTRATION)
        .clientId("sandbox-client").clientSecret("sandbox-secret")
        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri("http://127.0.0.1:9/callback")
        .authorizationUri(tokenUri.resolve("/oauth/authorize").toString())
        .tokenUri(tokenUri.toString())
        .scope("data:read_write")
        .build();
    var registrations = new InMemoryClientRegistrationRepository(registration);
    service = new JdbcOAuth2AuthorizedClientService(jdbc, registrations);
    manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, service);
    manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().refreshToken().build());
  }

  void store(String user, String accessToken, String refreshToken, Instant expiresAt) {
    Instant issued = expiresAt.minusSeconds(3600);
    var client = new OAuth2AuthorizedClient(registration, user,
        new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, issued, expiresAt, Set.of("data:read_write")),
        new OAuth2RefreshToken(refreshToken, issued));
    service.saveAuthorizedClient(client, principal(user));
  }

  /** The peer's "give me a valid token": refreshes when expired, as the manager decides. */
  String accessToken(String user) {
    OAuth2AuthorizedClient client = manager.authorize(
        OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION).principal(principal(user)).build());
    return client.getAccessToken().getTokenValue();
  }

  /** The refresh token stored now, or null when the peer deleted the grant. */
  String storedRefreshToken(String user) {
    OAuth2AuthorizedClient client = service.loadAuthorizedClient(REGISTRATION, user);
    return client == null || client.getRefreshToken() == null ? null : client.getRefreshToken().getTokenValue();
  }

  private static Authentication principal(String user) {
    return new UsernamePasswordAuthenticationToken(user, "n/a", AuthorityUtils.NO_AUTHORITIES);
  }

  private static String schema(boolean postgres) {
    String file = postgres ? "oauth2-client-schema-postgres.sql" : "oauth2-client-schema.sql";
    try (InputStream in = JdbcOAuth2AuthorizedClientService.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("Spring's schema " + file + " is missing from its jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
