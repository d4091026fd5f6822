package dev.tokenvault.store;

import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Sealer;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * After a key rotation, re-seals every stored secret with the new primary key, a bounded batch at a
 * time, so the old key can be retired. Each update compares the old ciphertext, so a concurrent
 * writer (a refresh, another instance's re-sealer) always wins.
 */
public final class Resealer {
  private record Column(String table, String key, String column) {}

  private static final List<Column> SEALED = List.of(
      new Column(Connections.TABLE, "id", "sealed_access_token"),
      new Column(Connections.TABLE, "id", "sealed_refresh_token"),
      new Column(Connections.TABLE, "id", "sealed_id_token"),
      new Column(SignInStates.TABLE, "state_hash", "sealed_code_verifier"),
      new Column(SignInStates.TABLE, "state_hash", "sealed_nonce"),
      new Column(Sessions.TABLE, "id_hash", "sealed_data"),
      new Column(RevocationOutbox.TABLE, "id", "sealed_token"));

  private final Database database;
  private final Sealer sealer;

  public Resealer(Database database, Sealer sealer) {
    this.database = database;
    this.sealer = sealer;
  }

  /** Re-seals up to {@code limit} values not under the primary key; returns how many it moved. */
  public int resealBatch(int limit) {
    int moved = 0;
    try (var db = database.connection()) {
      for (Column c : SEALED) {
        if (moved >= limit) {
          break;
        }
        try (var select = db.prepareStatement(
            "select " + c.key() + ", " + c.column() + " from " + c.table() + " where " + c.column() + " is not null");
            ResultSet rows = select.executeQuery()) {
          while (rows.next() && moved < limit) {
            String key = rows.getString(1);
            String sealed = rows.getString(2);
            if (sealer.isSealedWithPrimary(sealed)) {
              continue;
            }
            Binding binding = new Binding(c.table(), key, c.column());
            String resealed = sealer.seal(sealer.openBytes(sealed, binding), binding);
            try (var update = db.prepareStatement("update " + c.table() + " set " + c.column() + " = ? where "
                + c.key() + " = ? and " + c.column() + " = ?")) {
              update.setString(1, resealed);
              update.setString(2, key);
              update.setString(3, sealed);
              moved += update.executeUpdate();
            }
          }
        }
      }
      return moved;
    } catch (SQLException e) {
      throw Jdbc.unavailable("re-seal stored secrets", e);
    }
  }

  /** How many stored values are sealed with a key other than the primary. */
  public long remainingUnderOldKeys() {
    long remaining = 0;
    try (var db = database.connection()) {
      for (Column c : SEALED) {
        try (var select = db.prepareStatement(
            "select " + c.column() + " from " + c.table() + " where " + c.column() + " is not null");
            ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            if (!sealer.isSealedWithPrimary(rows.getString(1))) {
              remaining++;
            }
          }
        }
      }
      return remaining;
    } catch (SQLException e) {
      throw Jdbc.unavailable("count values under old keys", e);
    }
  }
}
