package dev.tokenvault.store;

import dev.tokenvault.EventType;
import dev.tokenvault.TokenvaultEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The audit table: every event, without secrets, kept for a retention period. */
public final class AuditLog {
  private static final int DETAIL_LIMIT = 2000;

  private final Database database;

  public AuditLog(Database database) {
    this.database = database;
  }

  public void append(TokenvaultEvent event) {
    try (var db = database.connection();
        var insert = db.prepareStatement(
            "insert into tv_audit_events (occurred_at, type, connection_id, user_id, provider, detail)"
                + " values (?, ?, ?, ?, ?, ?)")) {
      Jdbc.setInstant(insert, 1, event.occurredAt());
      insert.setString(2, event.type().name());
      insert.setString(3, event.connectionId());
      insert.setString(4, event.userId());
      insert.setString(5, event.provider());
      String detail = event.detail();
      insert.setString(6, detail == null || detail.length() <= DETAIL_LIMIT ? detail : detail.substring(0, DETAIL_LIMIT));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("write the audit event", e);
    }
  }

  /** The newest events of a connection, newest first. */
  public List<TokenvaultEvent> recent(String connectionId, int limit) {
    try (var db = database.connection();
        var select = db.prepareStatement(
            "select occurred_at, type, connection_id, user_id, provider, detail from tv_audit_events"
                + " where connection_id = ? order by id desc")) {
      select.setString(1, connectionId);
      select.setMaxRows(limit);
      var events = new ArrayList<TokenvaultEvent>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(new TokenvaultEvent(EventType.valueOf(rows.getString("type")),
              Jdbc.getInstant(rows, "occurred_at"), rows.getString("connection_id"),
              rows.getString("user_id"), rows.getString("provider"), rows.getString("detail")));
        }
      }
      return events;
    } catch (SQLException e) {
      throw Jdbc.unavailable("read the audit events", e);
    }
  }

  public int deleteOlderThan(Instant cutoff) {
    try (var db = database.connection();
        var delete = db.prepareStatement("delete from tv_audit_events where occurred_at < ?")) {
      Jdbc.setInstant(delete, 1, cutoff);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("delete old audit events", e);
    }
  }
}
