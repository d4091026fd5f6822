package dev.tokenvault.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A pooled connection to Tokenvault's database, migrated on open. H2 (embedded, a file) and
 * PostgreSQL run the same migrations.
 */
public final class Database implements AutoCloseable {
  /** The SQL dialects whose differences the stores need to know (upserts and locking). */
  public enum Dialect {
    H2,
    POSTGRESQL
  }

  private final HikariDataSource dataSource;
  private final Dialect dialect;

  private Database(HikariDataSource dataSource, Dialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /**
   * Opens a pool on {@code jdbcUrl} ({@code jdbc:h2:...} or {@code jdbc:postgresql:...}) and applies
   * pending migrations.
   */
  public static Database open(String jdbcUrl, String user, String password, int maxPoolSize) {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Dialect dialect = dialectOf(jdbcUrl);
    var config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(maxPoolSize);
    config.setPoolName("tokenvault");
    config.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    var pool = new HikariDataSource(config);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:db/tokenvault")
          .table("tv_schema_history")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, dialect);
  }

  private static Dialect dialectOf(String jdbcUrl) {
    String url = jdbcUrl.toLowerCase(Locale.ROOT);
    if (url.startsWith("jdbc:h2:")) {
      return Dialect.H2;
    }
    if (url.startsWith("jdbc:postgresql:")) {
      return Dialect.POSTGRESQL;
    }
    throw new IllegalArgumentException(
        "Unsupported database URL: use jdbc:h2:... or jdbc:postgresql:... (got a URL starting "
            + jdbcUrl.substring(0, Math.min(jdbcUrl.length(), 16))
            + "...)");
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  public Connection connection() throws SQLException {
    return dataSource.getConnection();
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
