package dev.tokenvault.bench;

import dev.tokenvault.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.UUID;

/** Fresh databases for one benchmark: H2 in memory, or a new database on an embedded PostgreSQL. */
final class Databases {
  private static EmbeddedPostgres postgres;

  private Databases() {}

  static String url(String kind) {
    return switch (kind) {
      case "h2" -> "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      case "postgres" -> postgresDatabase();
      default -> throw new IllegalArgumentException("database must be h2 or postgres, was " + kind);
    };
  }

  static Database open(String url) {
    return url.startsWith("jdbc:h2") ? Database.open(url, "sa", "", 8) : Database.open(url, "postgres", "postgres", 8);
  }

  private static synchronized String postgresDatabase() {
    try {
      if (postgres == null) {
        postgres = EmbeddedPostgres.start();
      }
      String name = "bench_" + UUID.randomUUID().toString().replace("-", "");
      try (var db = postgres.getPostgresDatabase().getConnection(); var s = db.createStatement()) {
        s.execute("create database " + name);
      }
      return postgres.getJdbcUrl("postgres", name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
