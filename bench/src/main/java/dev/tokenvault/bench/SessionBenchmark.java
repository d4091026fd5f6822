package dev.tokenvault.bench;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.session.SealedCookieSessions;
import dev.tokenvault.session.ServerSessions;
import dev.tokenvault.session.Session;
import dev.tokenvault.session.SessionSettings;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.Sessions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** Sealed-cookie encode and decode, and a server-side session lookup on H2 in memory. */
@State(Scope.Benchmark)
public class SessionBenchmark {
  private static final Map<String, String> DATA = Map.of("csrf", "Zk1u2w3y4A5C6E7G8I9KaMbOcQdSeUfW", "connection",
      "7d1c6a9e-0000-4000-8000-000000000000", "account", "12345678");

  private SealedCookieSessions cookies;
  private Session cookieSession;
  private Database database;
  private ServerSessions server;
  private Session serverSession;

  @Setup
  public void setUp() {
    var keyring = Keyring.generate();
    cookies = new SealedCookieSessions(keyring.sealer(), SessionSettings.DEFAULTS, Clock.systemUTC(), new SecureRandom());
    cookieSession = cookies.start("todoist:12345678", DATA);
    database = Databases.open(Databases.url("h2"));
    server = new ServerSessions(new Sessions(database, keyring.sealer()), SessionSettings.DEFAULTS, Clock.systemUTC(),
        new SecureRandom());
    serverSession = server.start("todoist:12345678", DATA);
  }

  @TearDown
  public void tearDown() {
    database.close();
  }

  @Benchmark
  public Session sealedCookieEncode() {
    return cookies.start("todoist:12345678", DATA);
  }

  @Benchmark
  public Object sealedCookieDecode() {
    return cookies.find(cookieSession.id()).orElseThrow();
  }

  @Benchmark
  public Object serverSessionLookup() {
    return server.find(serverSession.id()).orElseThrow();
  }
}
