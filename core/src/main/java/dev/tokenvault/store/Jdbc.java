package dev.tokenvault.store;

import dev.tokenvault.TokenvaultException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** JDBC conversions that H2 and PostgreSQL both accept, and the one way store failures surface. */
final class Jdbc {
  private Jdbc() {}

  static void setInstant(PreparedStatement statement, int index, Instant instant) throws SQLException {
    statement.setObject(index, instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  static Instant getInstant(ResultSet rows, String column) throws SQLException {
    OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
    return value == null ? null : value.toInstant();
  }

  /**
   * The database failed. Columns that hold secrets hold only ciphertext, so the driver's exception
   * can stay attached as the cause for operators.
   */
  static TokenvaultException unavailable(String operation, SQLException cause) {
    return new TokenvaultException(
        TokenvaultException.Reason.STORAGE_UNAVAILABLE,
        "The token database could not " + operation + " (SQL state " + cause.getSQLState()
            + "); nothing was changed, try again later",
        null,
        cause);
  }
}
