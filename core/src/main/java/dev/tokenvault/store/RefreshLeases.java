package dev.tokenvault.store;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * One refresh at a time per connection across Tokenvault instances. A lease is a row with an expiry,
 * so one left behind by a dead instance frees itself.
 */
public final class RefreshLeases {
  private final Database database;

  public RefreshLeases(Database database) {
    this.database = database;
  }

  /** Takes the lease if it is free, expired, or already ours. */
  public boolean tryAcquire(String connectionId, String holder, Duration ttl, Instant now) {
    // Update-then-insert is portable: the primary key makes the insert the arbiter when two
    // instances find no row at the same moment.
    try (var db = database.connection()) {
      try (var take = db.prepareStatement(
          "update tv_refresh_leases set holder = ?, expires_at = ?"
              + " where connection_id = ? and (expires_at < ? or holder = ?)")) {
        take.setString(1, holder);
        Jdbc.setInstant(take, 2, now.plus(ttl));
        take.setString(3, connectionId);
        Jdbc.setInstant(take, 4, now);
        take.setString(5, holder);
        if (take.executeUpdate() == 1) {
          return true;
        }
      }
      try (var insert = db.prepareStatement(
          "insert into tv_refresh_leases (connection_id, holder, expires_at) values (?, ?, ?)")) {
        insert.setString(1, connectionId);
        insert.setString(2, holder);
        Jdbc.setInstant(insert, 3, now.plus(ttl));
        insert.executeUpdate();
        return true;
      } catch (SQLException e) {
        if (Connections.isUniqueViolation(e)) {
          return false;
        }
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("take the refresh lease", e);
    }
  }

  public void release(String connectionId, String holder) {
    try (var db = database.connection();
        var delete = db.prepareStatement(
            "delete from tv_refresh_leases where connection_id = ? and holder = ?")) {
      delete.setString(1, connectionId);
      delete.setString(2, holder);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("release the refresh lease", e);
    }
  }
}
