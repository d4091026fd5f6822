package dev.tokenvault.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenvault.AccessToken;
import dev.tokenvault.IdToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads what an attacker with the database files or a SQL prompt would read: no token text. */
class NoTokenTextAtRestTest {
  private static final String ACCESS = "access-token-text-7f3a9c";
  private static final String REFRESH = "refresh-token-text-91be42";
  private static final String ID = "id-token-text-c0ffee";
  private final Sealer sealer = TestDatabases.newSealer();
  private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

  private void storeEverything(Database database) {
    var grant = new TokenGrant(new AccessToken(ACCESS), new RefreshToken(REFRESH), new IdToken(ID), "Bearer",
        now.plusSeconds(3600), Set.of("read"));
    var connection = new Connections(database, sealer).upsert("user", "todoist", "account", grant, now);
    new RevocationOutbox(database, sealer).enqueue(connection.id(), "todoist", "refresh_token",
        new RefreshToken(REFRESH), "503", now, now);
  }

  @Test
  void h2FileHoldsNoTokenText(@TempDir Path folder) throws Exception {
    try (Database database = TestDatabases.h2File(folder)) {
      storeEverything(database);
      try (var db = database.connection(); var statement = db.createStatement()) {
        statement.execute("checkpoint sync");
      }
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(folder)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String raw = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
      assertThat(raw).as(file.toString()).doesNotContain(ACCESS, REFRESH, ID);
    }
  }

  @Test
  void postgresTablesHoldNoTokenText() throws Exception {
    try (Database database = TestDatabases.postgres()) {
      storeEverything(database);
      for (String table : List.of("tv_connections", "tv_revocation_outbox")) {
        try (var db = database.connection();
            var statement = db.createStatement();
            var rows = statement.executeQuery("select t::text from " + table + " t")) {
          int count = 0;
          while (rows.next()) {
            count++;
            assertThat(rows.getString(1)).doesNotContain(ACCESS, REFRESH, ID);
          }
          assertThat(count).as(table).isPositive();
        }
      }
    }
  }
}
