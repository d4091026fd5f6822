package dev.tokenvault.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.SessionId;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.Sessions;
import dev.tokenvault.testing.MutableClock;
import dev.tokenvault.testing.TestDatabases;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SessionsTest {
  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T12:00:00Z"));
  private final Keyring keyring = Keyring.generate();
  private final SessionSettings settings = SessionSettings.DEFAULTS.withTimeouts(Duration.ofMinutes(30), Duration.ofHours(2));

  private ServerSessions server(Database database) {
    return new ServerSessions(new Sessions(database, keyring.sealer()), settings, clock, new SecureRandom());
  }

  private SealedCookieSessions cookies() {
    return new SealedCookieSessions(keyring.sealer(), settings, clock, new SecureRandom());
  }

  @Test
  void serverSessionsOnH2() {
    serverSessionLifecycle(() -> TestDatabases.h2File(folder));
  }

  @Test
  void serverSessionsOnPostgres() {
    serverSessionLifecycle(TestDatabases::postgres);
  }

  private void serverSessionLifecycle(Supplier<Database> open) {
    try (Database database = open.get()) {
      ServerSessions sessions = server(database);
      Session started = sessions.start(null, Map.of("csrf", "c1"));
      assertThat(Base64.getUrlDecoder().decode(started.id().reveal())).hasSize(32);
      assertThat(rawIdStored(database, started.id())).as("only the hash is stored").isFalse();
      assertThat(sessions.find(started.id())).map(Session::data).contains(Map.of("csrf", "c1"));

      Session signedIn = sessions.renew(started, "user-1");
      assertThat(signedIn.id()).isNotEqualTo(started.id());
      assertThat(sessions.find(started.id())).as("the pre-sign-in id dies").isEmpty();
      assertThat(sessions.find(signedIn.id())).map(Session::userId).contains("user-1");

      clock.advance(Duration.ofMinutes(20));
      assertThat(sessions.find(signedIn.id())).as("use within the idle timeout keeps it alive").isPresent();
      clock.advance(Duration.ofMinutes(20));
      assertThat(sessions.find(signedIn.id())).isPresent();
      clock.advance(Duration.ofMinutes(31));
      assertThat(sessions.find(signedIn.id())).as("idle timeout").isEmpty();

      Session other = sessions.start("user-2", Map.of());
      for (int i = 0; i < 5; i++) {
        clock.advance(Duration.ofMinutes(25));
        sessions.find(other.id());
      }
      assertThat(sessions.find(other.id())).as("absolute timeout however active").isEmpty();

      Session third = sessions.start("user-3", Map.of());
      sessions.end(third);
      assertThat(sessions.find(third.id())).as("logout deletes it").isEmpty();
    }
  }

  private static boolean rawIdStored(Database database, SessionId id) {
    try (var db = database.connection(); var s = db.createStatement();
        var rows = s.executeQuery("select id_hash from tv_sessions")) {
      while (rows.next()) {
        if (rows.getString(1).contains(id.reveal())) {
          return true;
        }
      }
      return false;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void cookieHasTheRightFlags() {
    var secure = new SessionCookie(settings);
    String header = secure.set(new SessionId("abc"), Duration.ofHours(2));
    assertThat(header).startsWith("__Host-tv_session=abc;").contains("HttpOnly", "Secure", "SameSite=Lax", "Path=/",
        "Max-Age=7200").doesNotContain("Domain");
    assertThat(secure.clear()).contains("Max-Age=0", "HttpOnly", "Secure");

    var local = new SessionCookie(settings.withSecureCookie(false));
    assertThat(local.set(new SessionId("abc"), Duration.ofHours(1))).startsWith("tv_session=abc;").contains("HttpOnly")
        .doesNotContain("Secure");
  }

  @Test
  void cookieHeaderIsParsedRobustly() {
    var cookie = new SessionCookie(settings);
    assertThat(cookie.read("a=1; __Host-tv_session=xyz_-9; b=2")).map(SessionId::reveal).contains("xyz_-9");
    assertThat(cookie.read("__Host-tv_session=\"quoted\"")).map(SessionId::reveal).contains("quoted");
    assertThat(cookie.read("tv_session=plain")).isEmpty();
    assertThat(cookie.read("__Host-tv_session=<script>")).isEmpty();
    assertThat(cookie.read("__Host-tv_session=")).isEmpty();
    assertThat(cookie.read(null)).isEmpty();
    assertThat(cookie.read(";;;=;")).isEmpty();
  }

  @Test
  void sealedCookieRoundTripsAndExpires() {
    SealedCookieSessions sessions = cookies();
    Session session = sessions.renew(sessions.start(null, Map.of("csrf", "t")), "user-1");

    assertThat(sessions.find(session.id())).map(Session::userId).contains("user-1");
    assertThat(sessions.find(session.id()).orElseThrow().data()).containsEntry("csrf", "t");
    clock.advance(Duration.ofHours(2));
    assertThat(sessions.find(session.id())).isEmpty();
  }

  @Test
  void sealedCookieStillOpensAfterKeyRotation() {
    SealedCookieSessions sessions = cookies();
    Session session = sessions.start("user-1", Map.of());
    keyring.rotate();

    assertThat(sessions.find(session.id())).isPresent();
  }

  @Test
  void sealedCookieRefusesDataOver4Kb() {
    assertThatThrownBy(() -> cookies().start("user", Map.of("big", "x".repeat(4000))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void sealedCookieFromAnotherCookieNameDoesNotOpen() {
    Session session = cookies().start("user", Map.of());
    var otherName = new SealedCookieSessions(keyring.sealer(),
        new SessionSettings(settings.idleTimeout(), settings.absoluteTimeout(), true, "other"), clock, new SecureRandom());

    assertThat(otherName.find(session.id())).isEmpty();
  }

  static Stream<Integer> rounds() {
    return IntStream.range(0, 30).boxed();
  }

  @ParameterizedTest
  @MethodSource("rounds")
  void tamperedSealedCookieIsNoSession(int round) {
    var random = new Random(424242L + round);
    Session session = cookies().start("user-" + round, Map.of("k", "v"));
    String value = session.id().reveal();
    char[] chars = value.toCharArray();
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    String tampered = switch (round % 3) {
      case 0 -> {
        int i = random.nextInt(chars.length);
        char replacement;
        do {
          replacement = alphabet.charAt(random.nextInt(alphabet.length()));
        } while (replacement == chars[i]);
        chars[i] = replacement;
        yield new String(chars);
      }
      case 1 -> value.substring(0, 1 + random.nextInt(value.length() - 1));
      default -> value + alphabet.charAt(random.nextInt(alphabet.length()));
    };

    assertThat(cookies().find(new SessionId(tampered))).isEmpty();
  }
}
