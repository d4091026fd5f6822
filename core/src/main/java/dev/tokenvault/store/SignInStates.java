package dev.tokenvault.store;

import dev.tokenvault.CodeVerifier;
import dev.tokenvault.crypto.Binding;
import dev.tokenvault.crypto.Digests;
import dev.tokenvault.crypto.Sealer;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Sign-in attempts between the redirect to the provider and its callback. The state itself is never
 * stored, only its SHA-256; the PKCE verifier and the nonce are sealed to the row. A used state stays
 * as a tombstone until it expires, so a replay is told apart from a forgery.
 */
public final class SignInStates {
  static final String TABLE = "tv_sign_in_states";

  private final Database database;
  private final Sealer sealer;

  public SignInStates(Database database, Sealer sealer) {
    this.database = database;
    this.sealer = sealer;
  }

  /**
   * A started sign-in.
   *
   * @param verifier null when the provider takes no PKCE
   * @param nonce null unless OpenID Connect
   */
  public record Pending(
      String provider, String browserBindingHash, String userId, URI redirectUri, String returnTo,
      CodeVerifier verifier, String nonce, Instant expiresAt) {}

  /** What consuming a state found. */
  public sealed interface Consumed {
    /** Never issued (or already cleaned up). */
    record Unknown() implements Consumed {}

    /** Issued and already used once. */
    record Replayed() implements Consumed {}

    /** Issued but older than its lifetime; now used up. */
    record Expired() implements Consumed {}

    /** Issued, unused, in time: the attempt it belongs to. */
    record Valid(Pending pending) implements Consumed {}
  }

  public void save(String state, Pending pending, Instant now) {
    String hash = Digests.sha256Hex(state);
    try (var db = database.connection();
        var insert = db.prepareStatement("insert into " + TABLE
            + " (state_hash, browser_binding, provider, user_id, redirect_uri, return_to,"
            + " sealed_code_verifier, sealed_nonce, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, hash);
      insert.setString(2, pending.browserBindingHash());
      insert.setString(3, pending.provider());
      insert.setString(4, pending.userId());
      insert.setString(5, pending.redirectUri().toString());
      insert.setString(6, pending.returnTo());
      insert.setString(7, pending.verifier() == null ? null
          : sealer.seal(pending.verifier().reveal(), new Binding(TABLE, hash, "sealed_code_verifier")));
      insert.setString(8, pending.nonce() == null ? null
          : sealer.seal(pending.nonce(), new Binding(TABLE, hash, "sealed_nonce")));
      Jdbc.setInstant(insert, 9, now);
      Jdbc.setInstant(insert, 10, pending.expiresAt());
      insert.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("save the sign-in attempt", e);
    }
  }

  /** Uses the state up, atomically: of concurrent callbacks with one state, only one gets it. */
  public Consumed consume(String state, Instant now) {
    String hash = Digests.sha256Hex(state);
    try (var db = database.connection()) {
      int claimed;
      try (var claim = db.prepareStatement(
          "update " + TABLE + " set consumed_at = ? where state_hash = ? and consumed_at is null")) {
        Jdbc.setInstant(claim, 1, now);
        claim.setString(2, hash);
        claimed = claim.executeUpdate();
      }
      try (var select = db.prepareStatement("select provider, browser_binding, user_id, redirect_uri, return_to,"
          + " sealed_code_verifier, sealed_nonce, expires_at from " + TABLE + " where state_hash = ?")) {
        select.setString(1, hash);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            return new Consumed.Unknown();
          }
          if (claimed == 0) {
            return new Consumed.Replayed();
          }
          Instant expiresAt = Jdbc.getInstant(rows, "expires_at");
          if (!now.isBefore(expiresAt)) {
            return new Consumed.Expired();
          }
          String verifier = rows.getString("sealed_code_verifier");
          String nonce = rows.getString("sealed_nonce");
          return new Consumed.Valid(new Pending(
              rows.getString("provider"), rows.getString("browser_binding"), rows.getString("user_id"),
              URI.create(rows.getString("redirect_uri")), rows.getString("return_to"),
              verifier == null ? null
                  : new CodeVerifier(sealer.open(verifier, new Binding(TABLE, hash, "sealed_code_verifier"))),
              nonce == null ? null : sealer.open(nonce, new Binding(TABLE, hash, "sealed_nonce")),
              expiresAt));
        }
      }
    } catch (SQLException e) {
      throw Jdbc.unavailable("check the sign-in attempt", e);
    }
  }

  public int deleteExpired(Instant now) {
    try (var db = database.connection();
        var delete = db.prepareStatement("delete from " + TABLE + " where expires_at < ?")) {
      Jdbc.setInstant(delete, 1, now);
      return delete.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.unavailable("delete expired sign-in attempts", e);
    }
  }
}
