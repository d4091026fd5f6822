package dev.tokenvault.testing;

import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;

/** Real databases for tests: an H2 file in a temp folder, or an embedded PostgreSQL. */
public final class TestDatabases {
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  public static Database h2File(Path folder) {
    return Database.open("jdbc:h2:file:" + folder.resolve("tokenvault").toAbsolutePath(), "sa", "", 16);
  }

  /** One embedded PostgreSQL per test JVM; each call gets a fresh database on it. */
  public static synchronized String postgresUrl() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            postgres.close();
          } catch (IOException ignored) {
            // The JVM is exiting; the temp cluster is removed by the OS.
          }
        }));
      }
      String name = "tv_" + UUID.randomUUID().toString().replace("-", "");
      try (var db = postgres.getPostgresDatabase().getConnection(); var create = db.createStatement()) {
        create.execute("create database " + name);
      }
      return postgres.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Database postgres() {
    return Database.open(postgresUrl(), "postgres", "postgres", 16);
  }

  public static Sealer newSealer() {
    return Keyring.generate().sealer();
  }
}
