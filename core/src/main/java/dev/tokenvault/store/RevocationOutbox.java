package dev.tokenvault.store;

import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Sealer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Provider revocations that failed and are retried later. The local copy of the grant is already
 * wiped; the token lives on here, sealed to its outbox row, only until the provider confirms.
 */
public final class RevocationOutbox {
  static final String TABLE = "tv_revocation_outbox";
  private static final int ERROR_LIMIT = 500;

  private final Database database;
  private final Sealer sealer;

  public RevocationOutbox(Database database, Sealer sealer) {
    this.database = database;
    this.sealer = sealer;
  }

  /** A revocation to retry. {@code token} is the raw token text; it is never printed. */
  public record Pending(String id, String connectionId, String provider, String tokenTypeHint,
      dev.tokenvault.Secret token, int attempts) {}

  public void enqueue(String connectionId, String provider, String tokenTypeHint,
      dev.tokenvault.Secret token, String error, Instant nextAttempt, Instant now) {
    String id = UUID.randomUUID().toString();
    try (var db = database.connection();
        var insert = db.prepareStatement("insert into " + TABLE
            + " (id, connection_id, provider, token_type_hint, sealed_token, attempts, next_attempt_at,"
            + " last_error, created_at) values (?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, connectionId);
      insert.setString(3, provider);
      insert.setString(4, tokenTypeHint);
      insert.setString(5, sealer.seal(token.reveal(), binding(id)));
      Jdbc.setInstant(insert, 6, nextAttempt);
      insert.setString(7, truncate(error));
      Jdbc.setInstant(insert, 8, now);
      insert.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("queue the revocation", e);
    }
  }

  public List<Pending> due(Instant now, int limit) {
    try (var db = database.connection();
        var select = db.prepareStatement("select id, connection_id, provider, token_type_hint, sealed_token,"
            + " attempts from " + TABLE + " where next_attempt_at <= ? order by next_attempt_at")) {
      Jdbc.setInstant(select, 1, now);
      select.setMaxRows(limit);
      var pending = new ArrayList<Pending>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString("id");
          String hint = rows.getString("token_type_hint");
          String token = sealer.open(rows.getString("sealed_token"), binding(id));
          pending.add(new Pending(id, rows.getString("connection_id"), rows.getString("provider"), hint,
              "refresh_token".equals(hint) ? new dev.tokenvault.RefreshToken(token) : new dev.tokenvault.AccessToken(token),
              rows.getInt("attempts")));
        }
      }
      return pending;
    } catch (SQLException e) {
      throw Jdbc.unavailable("read due revocations", e);
    }
  }

  /** The provider confirmed (or the entry was given up): the sealed token is deleted. */
  public void remove(String id) {
    try (var db = database.connection();
        var delete = db.prepareStatement("delete from " + TABLE + " where id = ?")) {
      delete.setString(1, id);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("remove the revocation", e);
    }
  }

  public void failed(String id, String error, Instant nextAttempt) {
    try (var db = database.connection();
        var update = db.prepareStatement("update " + TABLE
            + " set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ?")) {
      update.setString(1, truncate(error));
      Jdbc.setInstant(update, 2, nextAttempt);
      update.setString(3, id);
      update.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("record the revocation failure", e);
    }
  }

  public int size() {
    try (var db = database.connection();
        var count = db.prepareStatement("select count(*) from " + TABLE);
        ResultSet rows = count.executeQuery()) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw Jdbc.unavailable("count queued revocations", e);
    }
  }

  private static Binding binding(String id) {
    return new Binding(TABLE, id, "sealed_token");
  }

  private static String truncate(String error) {
    return error == null || error.length() <= ERROR_LIMIT ? error : error.substring(0, ERROR_LIMIT);
  }
}
