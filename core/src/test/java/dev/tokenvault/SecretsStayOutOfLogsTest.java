package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.StoredTokens;
import dev.tokenvault.testing.CapturedLogs;
import dev.tokenvault.testing.MutableClock;
import dev.tokenvault.testing.ProgrammableProvider;
import dev.tokenvault.testing.ProgrammableProvider.Mode;
import dev.tokenvault.testing.Redirects;
import dev.tokenvault.testing.TestDatabases;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every path that handles a token, failures included, with all logging captured at DEBUG, and
 * checks that no token text appears in a log line, an exception message or a {@code toString()}.
 */
class SecretsStayOutOfLogsTest {
  @TempDir Path folder;

  @Test
  void noTokenInLogsExceptionsOrToString() throws Exception {
    var clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
    var seen = new ArrayList<String>();
    var texts = new ArrayList<String>();
    try (var logs = new CapturedLogs();
        var provider = new ProgrammableProvider(clock);
        Database database = TestDatabases.h2File(folder);
        Tokenvault vault = Tokenvault.builder().database(database).keyring(Keyring.generate())
            .provider(provider.registration("prog")).clock(clock).backgroundJobs(false)
            .listener(event -> texts.add(event.toString())).build()) {
      URI go = vault.beginSignIn("prog", "browser", null, null);
      Map<String, String> callback = Redirects.followToCallback(go);
      Connection connection = vault.completeSignIn("prog", callback, "browser").connection();
      seen.add(callback.get("code"));
      seen.add(provider.currentRefreshToken());
      AccessToken first = vault.accessToken(connection.id());
      seen.add(first.reveal());
      texts.add(first.toString());
      texts.add(connection.toString());

      for (Mode mode : List.of(Mode.SERVER_ERROR, Mode.RATE_LIMITED, Mode.GARBAGE, Mode.NORMAL, Mode.INVALID_GRANT)) {
        provider.mode(mode);
        clock.advance(Duration.ofMinutes(61));
        try {
          AccessToken token = vault.accessToken(connection.id());
          seen.add(token.reveal());
          seen.add(provider.currentRefreshToken());
        } catch (TokenvaultException e) {
          texts.add(e.getMessage());
          texts.add(e.toString());
        }
      }
      var stored = new dev.tokenvault.store.Connections(database, Keyring.generate().sealer());
      texts.add(String.valueOf(stored.find(connection.id())));
      vault.disconnect(connection.id());
      texts.addAll(logs.lines());
    }
    seen.removeIf(s -> s == null);
    assertThat(seen).hasSizeGreaterThan(4);
    for (String text : texts) {
      for (String secret : seen) {
        assertThat(text).doesNotContain(secret);
      }
    }
    assertThat(new StoredTokens("c", "u", "p", ConnectionStatus.ACTIVE, 1, new AccessToken("at-x"),
        new RefreshToken("rt-x"), new IdToken("id-x"), null).toString()).doesNotContain("at-x", "rt-x", "id-x");
  }
}
