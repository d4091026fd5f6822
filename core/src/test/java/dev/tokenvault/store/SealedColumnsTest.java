package dev.tokenvault.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.AccessToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.crypto.SealException;
import dev.tokenvault.crypto.Sealer;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ciphertext that was tampered with, or moved to another row or field, does not open. */
class SealedColumnsTest {
  private static final long SEED = 20261124L;
  private final Sealer sealer = TestDatabases.newSealer();
  private final Instant now = Instant.parse("2026-11-24T12:00:00Z");
  @TempDir Path folder;

  private String[] twoConnections(Database database) {
    var connections = new Connections(database, sealer);
    String a = connections.upsert("u1", "p", "a1", grant("a"), now).id();
    String b = connections.upsert("u2", "p", "a2", grant("b"), now).id();
    return new String[] {a, b};
  }

  private TokenGrant grant(String tag) {
    return new TokenGrant(new AccessToken("access-" + tag), new RefreshToken("refresh-" + tag), null, "Bearer",
        now.plusSeconds(3600), Set.of());
  }

  private static String column(Database database, String id, String column) throws Exception {
    try (var db = database.connection();
        var select = db.prepareStatement("select " + column + " from tv_connections where id = ?")) {
      select.setString(1, id);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getString(1);
      }
    }
  }

  private static void set(Database database, String id, String column, String value) throws Exception {
    try (var db = database.connection();
        var update = db.prepareStatement("update tv_connections set " + column + " = ? where id = ?")) {
      update.setString(1, value);
      update.setString(2, id);
      update.executeUpdate();
    }
  }

  @Test
  void ciphertextMovedToAnotherRowDoesNotOpen() throws Exception {
    try (Database database = TestDatabases.h2File(folder)) {
      String[] ids = twoConnections(database);
      set(database, ids[1], "sealed_refresh_token", column(database, ids[0], "sealed_refresh_token"));

      assertThatThrownBy(() -> new Connections(database, sealer).tokens(ids[1]))
          .isInstanceOf(SealException.class)
          .hasMessageNotContaining("refresh-a");
    }
  }

  @Test
  void ciphertextMovedToAnotherFieldDoesNotOpen() throws Exception {
    try (Database database = TestDatabases.h2File(folder)) {
      String[] ids = twoConnections(database);
      set(database, ids[0], "sealed_access_token", column(database, ids[0], "sealed_refresh_token"));

      assertThatThrownBy(() -> new Connections(database, sealer).tokens(ids[0])).isInstanceOf(SealException.class);
    }
  }

  static Stream<Integer> mutations() {
    return IntStream.range(0, 40).boxed();
  }

  @ParameterizedTest
  @MethodSource("mutations")
  void tamperedCiphertextDoesNotOpen(int round) {
    var random = new Random(SEED + round);
    var binding = new dev.tokenvault.crypto.Binding("tv_connections", "row", "sealed_access_token");
    String sealed = sealer.seal("access-token-" + round, binding);
    byte[] raw = Base64.getUrlDecoder().decode(sealed);
    String tampered = switch (round % 4) {
      case 0 -> { // flip one bit anywhere
        raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
        yield Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      }
      case 1 -> sealed.substring(0, 1 + random.nextInt(sealed.length() - 1)); // truncated
      case 2 -> sealed + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[] {(byte) random.nextInt()});
      default -> { // random garbage of the same length, sometimes not even base64
        var chars = new char[sealed.length()];
        for (int i = 0; i < chars.length; i++) {
          chars[i] = (char) (33 + random.nextInt(94));
        }
        yield new String(chars);
      }
    };
    assertThat(tampered).isNotEqualTo(sealed);
    assertThatThrownBy(() -> sealer.open(tampered, binding))
        .isInstanceOf(SealException.class)
        .hasMessageNotContaining("access-token-" + round);
  }
}
