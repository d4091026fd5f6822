package dev.tokenvault.store;

import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Sealer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Server-side session rows. The row key is the SHA-256 of the session id, so the table cannot be
 * used to hijack a session; the data is sealed to its row.
 */
public final class Sessions {
  static final String TABLE = "tv_sessions";

  private final Database database;
  private final Sealer sealer;

  public Sessions(Database database, Sealer sealer) {
    this.database = database;
    this.sealer = sealer;
  }

  /** A stored session. {@code data} is the opened JSON of the session's values. */
  public record Row(String idHash, String userId, String data, Instant createdAt, Instant lastSeenAt,
      Instant idleExpiresAt, Instant absoluteExpiresAt) {}

  public void insert(Row row) {
    try (var db = database.connection()) {
      insert(db, row);
    } catch (SQLException e) {
      throw Jdbc.unavailable("start the session", e);
    }
  }

  private void insert(java.sql.Connection db, Row row) throws SQLException {
    try (var insert = db.prepareStatement("insert into " + TABLE + " (id_hash, user_id, sealed_data, created_at,"
            + " last_seen_at, idle_expires_at, absolute_expires_at) values (?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, row.idHash());
      insert.setString(2, row.userId());
      insert.setString(3, sealer.seal(row.data(), binding(row.idHash())));
      Jdbc.setInstant(insert, 4, row.createdAt());
      Jdbc.setInstant(insert, 5, row.lastSeenAt());
      Jdbc.setInstant(insert, 6, row.idleExpiresAt());
      Jdbc.setInstant(insert, 7, row.absoluteExpiresAt());
      insert.executeUpdate();
    }
  }

  public Optional<Row> find(String idHash) {
    try (var db = database.connection();
        var select = db.prepareStatement("select user_id, sealed_data, created_at, last_seen_at, idle_expires_at,"
            + " absolute_expires_at from " + TABLE + " where id_hash = ?")) {
      select.setString(1, idHash);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(new Row(idHash, rows.getString("user_id"),
            sealer.open(rows.getString("sealed_data"), binding(idHash)),
            Jdbc.getInstant(rows, "created_at"), Jdbc.getInstant(rows, "last_seen_at"),
            Jdbc.getInstant(rows, "idle_expires_at"), Jdbc.getInstant(rows, "absolute_expires_at")));
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("read the session", e);
    }
  }

  /** Moves a session to a new id hash in one transaction: the old id stops working at once. */
  public void replace(String oldIdHash, Row renewed) {
    try (var db = database.connection()) {
      db.setAutoCommit(false);
      try (var delete = db.prepareStatement("delete from " + TABLE + " where id_hash = ?")) {
        delete.setString(1, oldIdHash);
        delete.executeUpdate();
        insert(db, renewed);
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("renew the session", e);
    }
  }

  public void update(String idHash, String data, Instant lastSeenAt, Instant idleExpiresAt) {
    try (var db = database.connection();
        var update = db.prepareStatement("update " + TABLE
            + " set sealed_data = ?, last_seen_at = ?, idle_expires_at = ? where id_hash = ?")) {
      update.setString(1, sealer.seal(data, binding(idHash)));
      Jdbc.setInstant(update, 2, lastSeenAt);
      Jdbc.setInstant(update, 3, idleExpiresAt);
      update.setString(4, idHash);
      update.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("update the session", e);
    }
  }

  public void touch(String idHash, Instant lastSeenAt, Instant idleExpiresAt) {
    try (var db = database.connection();
        var update = db.prepareStatement("update " + TABLE
            + " set last_seen_at = ?, idle_expires_at = ? where id_hash = ?")) {
      Jdbc.setInstant(update, 1, lastSeenAt);
      Jdbc.setInstant(update, 2, idleExpiresAt);
      update.setString(3, idHash);
      update.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("touch the session", e);
    }
  }

  public void delete(String idHash) {
    try (var db = database.connection();
        var delete = db.prepareStatement("delete from " + TABLE + " where id_hash = ?")) {
      delete.setString(1, idHash);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("end the session", e);
    }
  }

  public int deleteExpired(Instant now) {
    try (var db = database.connection();
        var delete = db.prepareStatement("delete from " + TABLE
            + " where idle_expires_at <= ? or absolute_expires_at <= ?")) {
      Jdbc.setInstant(delete, 1, now);
      Jdbc.setInstant(delete, 2, now);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("delete expired sessions", e);
    }
  }

  private static Binding binding(String idHash) {
    return new Binding(TABLE, idHash, "sealed_data");
  }
}
