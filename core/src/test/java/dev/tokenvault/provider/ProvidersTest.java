package dev.tokenvault.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.ClientSecret;
import dev.tokenvault.CodeVerifier;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProvidersTest {
  @Test
  void everyBuiltInIsAValidProfile() {
    assertThat(List.of(Providers.todoist(), Providers.google(), Providers.github(), Providers.githubApp(),
        Providers.microsoft("common"), Providers.microsoft("contoso.onmicrosoft.com"), Providers.discord(),
        Providers.slack(), Providers.spotify()))
        .extracting(ProviderProfile::id)
        .containsExactly("todoist", "google", "github", "github-app", "microsoft", "microsoft", "discord", "slack", "spotify");
    assertThat(Providers.spotify().revocation()).isEqualTo(RevocationStyle.NONE);
    assertThat(Providers.githubApp().rotatesRefreshTokens()).isTrue();
    assertThat(Providers.microsoft("contoso.onmicrosoft.com").isOpenIdConnect()).isTrue();
    assertThat(Providers.microsoft("common").isOpenIdConnect()).isFalse();
    assertThat(Providers.discord().issuer()).as("RFC 9207 without OpenID Connect").isEqualTo("https://discord.com");
    assertThat(Providers.discord().isOpenIdConnect()).isFalse();
  }

  @Test
  void todoistAuthorizationUrlHasCommaScopesStateAndPkce() {
    var reg = new ProviderRegistration(Providers.todoist(), "cid", new ClientSecret("s"),
        URI.create("https://app.example/callback"), List.of("data:read_write", "data:delete"));
    URI uri = OAuthClient.create(Duration.ofSeconds(1), Clock.systemUTC())
        .authorizationUri(reg, "state-1", new CodeVerifier("v".repeat(43)), null);

    assertThat(uri.toString()).startsWith("https://app.todoist.com/oauth/authorize?");
    assertThat(uri.getQuery()).contains("scope=data:read_write,data:delete", "state=state-1", "client_id=cid",
        "code_challenge_method=S256", "redirect_uri=https://app.example/callback");
  }

  @Test
  void googleAsksForOfflineAccess() {
    var reg = new ProviderRegistration(Providers.google(), "cid", new ClientSecret("s"),
        URI.create("https://app.example/callback"), List.of());
    URI uri = OAuthClient.create(Duration.ofSeconds(1), Clock.systemUTC()).authorizationUri(reg, "s", null, "n");

    assertThat(uri.getQuery()).contains("access_type=offline", "prompt=consent", "nonce=n", "scope=openid+email+profile");
  }

  @Test
  void configurationMistakesNameTheSetting() {
    assertThatThrownBy(() -> ProviderProfile.builder("x").authorizationUri(URI.create("http://example.com/a"))
        .tokenUri(URI.create("https://example.com/t")).userInfo(URI.create("https://example.com/u"), "id").build())
        .hasMessageContaining("authorizationUri").hasMessageContaining("https");
    assertThatThrownBy(() -> ProviderProfile.builder("x").authorizationUri(URI.create("https://example.com/a"))
        .tokenUri(URI.create("https://example.com/t")).build())
        .hasMessageContaining("userInfoUri");
    assertThatThrownBy(() -> ProviderProfile.builder("Bad Id!").build()).hasMessageContaining("Provider id");
    assertThatThrownBy(() -> new ProviderRegistration(Providers.todoist(), "cid", null,
        URI.create("https://app.example/cb"), List.of())).hasMessageContaining("client secret");
    assertThatThrownBy(() -> new ProviderRegistration(Providers.todoist(), "cid", new ClientSecret("s"),
        URI.create("/relative"), List.of())).hasMessageContaining("redirect URI");
  }
}
