package dev.tokenvault.store;

import dev.tokenvault.AccessToken;
import dev.tokenvault.Connection;
import dev.tokenvault.ConnectionStatus;
import dev.tokenvault.IdToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.Secret;
import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.TokenGrant;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Connections and their sealed tokens. Every token write bumps {@code token_version}; refresh
 * results are stored only if the version read before the refresh is still current, so a slow
 * refresh can never overwrite a newer token.
 */
public final class Connections {
  static final String TABLE = "tv_connections";
  private static final String COLUMNS =
      "id, user_id, provider, account_id, status, scopes, access_expires_at, token_version,"
          + " sealed_access_token, sealed_refresh_token, sealed_id_token";

  private final Database database;
  private final Sealer sealer;

  public Connections(Database database, Sealer sealer) {
    this.database = database;
    this.sealer = sealer;
  }

  /**
   * Stores the tokens of a sign-in: one connection per (user, provider, account); signing in again
   * replaces its tokens and makes it active.
   */
  public Connection upsert(String userId, String provider, String accountId, TokenGrant grant, Instant now) {
    // Two sign-ins of the same account can race: try update, then insert, and on a unique-key
    // collision update again, all in one transaction.
    try (var db = database.connection()) {
      db.setAutoCommit(false);
      try {
        Optional<String> existing = idOf(db, userId, provider, accountId);
        String id;
        if (existing.isPresent()) {
          id = existing.get();
          replaceTokens(db, id, grant, now);
        } else {
          id = UUID.randomUUID().toString();
          try {
            insert(db, id, userId, provider, accountId, grant, now);
          } catch (SQLException duplicate) {
            if (!isUniqueViolation(duplicate)) {
              throw duplicate;
            }
            db.rollback();
            id = idOf(db, userId, provider, accountId).orElseThrow(() -> duplicate);
            replaceTokens(db, id, grant, now);
          }
        }
        db.commit();
        return new Connection(
            id, userId, provider, accountId, ConnectionStatus.ACTIVE, grant.scopes(), grant.expiresAt());
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("store the connection", e);
    }
  }

  private static Optional<String> idOf(java.sql.Connection db, String userId, String provider, String accountId)
      throws SQLException {
    try (var select = db.prepareStatement(
        "select id from " + TABLE + " where user_id = ? and provider = ? and account_id = ?")) {
      select.setString(1, userId);
      select.setString(2, provider);
      select.setString(3, accountId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    }
  }

  private void insert(
      java.sql.Connection db, String id, String userId, String provider, String accountId, TokenGrant grant, Instant now)
      throws SQLException {
    try (var insert = db.prepareStatement(
        "insert into " + TABLE + " (id, user_id, provider, account_id, status, scopes, token_type,"
            + " sealed_access_token, sealed_refresh_token, sealed_id_token, access_expires_at,"
            + " token_version, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, userId);
      insert.setString(3, provider);
      insert.setString(4, accountId);
      insert.setString(5, ConnectionStatus.ACTIVE.name());
      insert.setString(6, String.join(" ", grant.scopes()));
      insert.setString(7, grant.tokenType());
      insert.setString(8, seal(id, "sealed_access_token", grant.accessToken()));
      insert.setString(9, seal(id, "sealed_refresh_token", grant.refreshToken()));
      insert.setString(10, seal(id, "sealed_id_token", grant.idToken()));
      Jdbc.setInstant(insert, 11, grant.expiresAt());
      Jdbc.setInstant(insert, 12, now);
      Jdbc.setInstant(insert, 13, now);
      insert.executeUpdate();
    }
  }

  private void replaceTokens(java.sql.Connection db, String id, TokenGrant grant, Instant now) throws SQLException {
    try (var update = db.prepareStatement(
        "update " + TABLE + " set status = ?, scopes = ?, token_type = ?, sealed_access_token = ?,"
            + " sealed_refresh_token = ?, sealed_id_token = ?, access_expires_at = ?,"
            + " token_version = token_version + 1, updated_at = ? where id = ?")) {
      update.setString(1, ConnectionStatus.ACTIVE.name());
      update.setString(2, String.join(" ", grant.scopes()));
      update.setString(3, grant.tokenType());
      update.setString(4, seal(id, "sealed_access_token", grant.accessToken()));
      update.setString(5, seal(id, "sealed_refresh_token", grant.refreshToken()));
      update.setString(6, seal(id, "sealed_id_token", grant.idToken()));
      Jdbc.setInstant(update, 7, grant.expiresAt());
      Jdbc.setInstant(update, 8, now);
      update.setString(9, id);
      update.executeUpdate();
    }
  }

  public Optional<Connection> find(String id) {
    return query("read the connection", "select " + COLUMNS + " from " + TABLE + " where id = ?", id)
        .stream().findFirst().map(Row::connection);
  }

  public List<Connection> forUser(String userId) {
    return query("list connections", "select " + COLUMNS + " from " + TABLE + " where user_id = ? order by created_at", userId)
        .stream().map(Row::connection).toList();
  }

  /** The connection's tokens, opened; empty if there is no such connection. */
  public Optional<StoredTokens> tokens(String id) {
    return query("read the tokens", "select " + COLUMNS + " from " + TABLE + " where id = ?", id)
        .stream().findFirst().map(this::open);
  }

  /**
   * Stores a refresh result if the token version is still {@code expectedVersion}, in one statement:
   * the new access token, its expiry and, if the provider sent one, the rotated refresh token.
   *
   * @return false when another writer stored a newer token first (nothing was written)
   */
  public boolean storeRefreshed(String id, long expectedVersion, TokenGrant grant, Instant now) {
    boolean rotated = grant.refreshToken() != null;
    String sql = "update " + TABLE + " set sealed_access_token = ?, access_expires_at = ?, token_type = ?,"
        + (rotated ? " sealed_refresh_token = ?," : "")
        + (grant.idToken() != null ? " sealed_id_token = ?," : "")
        + " token_version = token_version + 1, updated_at = ?"
        + " where id = ? and token_version = ? and status = 'ACTIVE'";
    return update("store the refreshed token", sql, statement -> {
      int i = 1;
      statement.setString(i++, seal(id, "sealed_access_token", grant.accessToken()));
      Jdbc.setInstant(statement, i++, grant.expiresAt());
      statement.setString(i++, grant.tokenType());
      if (rotated) {
        statement.setString(i++, seal(id, "sealed_refresh_token", grant.refreshToken()));
      }
      if (grant.idToken() != null) {
        statement.setString(i++, seal(id, "sealed_id_token", grant.idToken()));
      }
      Jdbc.setInstant(statement, i++, now);
      statement.setString(i++, id);
      statement.setLong(i, expectedVersion);
    }) == 1;
  }

  /**
   * Wipes the tokens and marks the connection {@code NEEDS_REAUTH}, but only if its refresh token is
   * still the one that was rejected (version unchanged): a stale token's failure never destroys a
   * newer grant.
   */
  public boolean markNeedsReauth(String id, long expectedVersion, Instant now) {
    return wipe("mark the connection for sign-in", id, ConnectionStatus.NEEDS_REAUTH, now,
        " and status = 'ACTIVE' and token_version = ?", statement -> statement.setLong(4, expectedVersion)) == 1;
  }

  /** Wipes the tokens and marks the connection {@code REVOKED}; returns what was stored. */
  public Optional<StoredTokens> revoke(String id, Instant now) {
    try (var db = database.connection()) {
      db.setAutoCommit(false);
      try {
        Optional<StoredTokens> stored;
        try (var select = db.prepareStatement("select " + COLUMNS + " from " + TABLE + " where id = ? for update")) {
          select.setString(1, id);
          try (ResultSet rows = select.executeQuery()) {
            stored = rows.next() ? Optional.of(open(Row.of(rows))) : Optional.empty();
          }
        }
        if (stored.isPresent()) {
          try (var wipe = db.prepareStatement(wipeSql(""))) {
            bindWipe(wipe, id, ConnectionStatus.REVOKED, now);
            wipe.executeUpdate();
          }
        }
        db.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("revoke the connection", e);
    }
  }

  /** Ids of active connections whose access token expires before {@code t}, soonest first. */
  public List<String> activeExpiringBefore(Instant t, int limit) {
    try (var db = database.connection();
        var select = db.prepareStatement("select id from " + TABLE
            + " where status = 'ACTIVE' and sealed_refresh_token is not null and access_expires_at < ?"
            + " order by access_expires_at")) {
      Jdbc.setInstant(select, 1, t);
      select.setMaxRows(limit);
      var ids = new ArrayList<String>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getString(1));
        }
      }
      return ids;
    } catch (SQLException e) {
      throw Jdbc.unavailable("list expiring connections", e);
    }
  }

  private int wipe(String operation, String id, ConnectionStatus status, Instant now, String condition, Binder extra) {
    return update(operation, wipeSql(condition), statement -> {
      bindWipe(statement, id, status, now);
      extra.bind(statement);
    });
  }

  private static String wipeSql(String condition) {
    return "update " + TABLE + " set status = ?, sealed_access_token = null, sealed_refresh_token = null,"
        + " sealed_id_token = null, access_expires_at = null, token_version = token_version + 1,"
        + " updated_at = ? where id = ?" + condition;
  }

  private static void bindWipe(PreparedStatement statement, String id, ConnectionStatus status, Instant now)
      throws SQLException {
    statement.setString(1, status.name());
    Jdbc.setInstant(statement, 2, now);
    statement.setString(3, id);
  }

  private String seal(String id, String field, Secret secret) {
    return secret == null ? null : sealer.seal(secret.reveal(), new Binding(TABLE, id, field));
  }

  private String openText(String id, String field, String sealed) {
    return sealed == null ? null : sealer.open(sealed, new Binding(TABLE, id, field));
  }

  private StoredTokens open(Row row) {
    String access = openText(row.id, "sealed_access_token", row.sealedAccess);
    String refresh = openText(row.id, "sealed_refresh_token", row.sealedRefresh);
    String idToken = openText(row.id, "sealed_id_token", row.sealedId);
    return new StoredTokens(row.id, row.userId, row.provider, row.status, row.version,
        access == null ? null : new AccessToken(access),
        refresh == null ? null : new RefreshToken(refresh),
        idToken == null ? null : new IdToken(idToken),
        row.expiresAt);
  }

  private List<Row> query(String operation, String sql, String parameter) {
    try (var db = database.connection(); var select = db.prepareStatement(sql)) {
      select.setString(1, parameter);
      var result = new ArrayList<Row>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          result.add(Row.of(rows));
        }
      }
      return result;
    } catch (SQLException e) {
      throw Jdbc.unavailable(operation, e);
    }
  }

  private int update(String operation, String sql, Binder binder) {
    try (var db = database.connection(); var statement = db.prepareStatement(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable(operation, e);
    }
  }

  static boolean isUniqueViolation(SQLException e) {
    // 23505 is the standard unique-violation state on both PostgreSQL and H2.
    return "23505".equals(e.getSQLState());
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private record Row(
      String id, String userId, String provider, String accountId, ConnectionStatus status, String scopes,
      Instant expiresAt, long version, String sealedAccess, String sealedRefresh, String sealedId) {
    static Row of(ResultSet rows) throws SQLException {
      return new Row(rows.getString("id"), rows.getString("user_id"), rows.getString("provider"),
          rows.getString("account_id"), ConnectionStatus.valueOf(rows.getString("status")),
          rows.getString("scopes"), Jdbc.getInstant(rows, "access_expires_at"), rows.getLong("token_version"),
          rows.getString("sealed_access_token"), rows.getString("sealed_refresh_token"),
          rows.getString("sealed_id_token"));
    }

    Connection connection() {
      var scopeSet = scopes == null || scopes.isBlank()
          ? java.util.Set.<String>of()
          : new LinkedHashSet<>(Arrays.asList(scopes.split(" ")));
      return new Connection(id, userId, provider, accountId, status, scopeSet, expiresAt);
    }
  }
}
