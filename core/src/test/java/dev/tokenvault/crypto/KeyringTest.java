package dev.tokenvault.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.AccessToken;
import dev.tokenvault.RefreshToken;
import dev.tokenvault.provider.TokenGrant;
import dev.tokenvault.store.Connections;
import dev.tokenvault.store.Database;
import dev.tokenvault.store.Resealer;
import dev.tokenvault.testing.CapturedLogs;
import dev.tokenvault.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {
  @TempDir Path folder;
  private final Instant now = Instant.parse("2026-11-24T12:00:00Z");

  @Test
  void firstRunGeneratesAnOwnerOnlyKeysetAndSaysSoLoudly() throws Exception {
    Path file = folder.resolve("data/keyset.json");
    try (var logs = new CapturedLogs()) {
      Keyring keyring = Keyring.loadOrGenerate(file);

      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(logs.lines()).anyMatch(line -> line.startsWith("WARN") && line.contains("Generated a NEW development keyset")
          && line.contains(file.toAbsolutePath().toString()));
      String sealed = keyring.sealer().seal("secret", new Binding("t", "r", "f"));
      assertThat(Keyring.loadOrGenerate(file).sealer().open(sealed, new Binding("t", "r", "f"))).isEqualTo("secret");
    }
  }

  @Test
  void environmentTakesTheKeysetThenTheFile() throws Exception {
    Path file = folder.resolve("keyset.json");
    Keyring original = Keyring.loadOrGenerate(file);
    String sealed = original.sealer().seal("x", new Binding("t", "r", "f"));
    String json = Files.readString(file);

    assertThat(Keyring.fromEnvironment(Map.of(Keyring.KEYSET_SETTING, json), folder.resolve("unused.json"))
        .sealer().open(sealed, new Binding("t", "r", "f"))).isEqualTo("x");
    assertThat(Keyring.fromEnvironment(Map.of(Keyring.KEYSET_FILE_SETTING, file.toString()), folder.resolve("unused.json"))
        .sealer().open(sealed, new Binding("t", "r", "f"))).isEqualTo("x");
    assertThat(folder.resolve("unused.json")).doesNotExist();
  }

  @Test
  void garbageKeysetIsRefusedWithoutQuotingIt() {
    String garbage = "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"SECRETMATERIAL\"}}]}";
    assertThatThrownBy(() -> Keyring.fromJson(garbage, Keyring.KEYSET_SETTING))
        .isInstanceOf(KeysetException.class)
        .hasMessageContaining(Keyring.KEYSET_SETTING)
        .hasMessageNotContaining("SECRETMATERIAL");
    assertThatThrownBy(() -> Keyring.fromJson(" ", Keyring.KEYSET_SETTING)).hasMessageContaining("empty");
    assertThatThrownBy(() -> Keyring.fromFile(folder.resolve("missing.json")))
        .hasMessageContaining(Keyring.KEYSET_FILE_SETTING);
  }

  @Test
  void rotationResealsEveryRowThenTheOldKeyRetiresOnH2() {
    rotateResealRetire(() -> TestDatabases.h2File(folder));
  }

  @Test
  void rotationResealsEveryRowThenTheOldKeyRetiresOnPostgres() {
    rotateResealRetire(TestDatabases::postgres);
  }

  private void rotateResealRetire(Supplier<Database> open) {
    Path file = folder.resolve("rotating.json");
    Keyring keyring = Keyring.loadOrGenerate(file);
    int oldKey = keyring.primaryKeyId();
    try (Database database = open.get()) {
      var connections = new Connections(database, keyring.sealer());
      String[] ids = new String[5];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = connections.upsert("u" + i, "p", "a" + i, new TokenGrant(new AccessToken("at-" + i),
            new RefreshToken("rt-" + i), null, "Bearer", now.plusSeconds(60), Set.of()), now).id();
      }
      int newKey = keyring.rotate();
      assertThat(newKey).isNotEqualTo(oldKey);
      assertThat(Keyring.fromFile(file).primaryKeyId()).as("rotation is persisted").isEqualTo(newKey);
      var resealer = new Resealer(database, keyring.sealer());
      assertThat(resealer.remainingUnderOldKeys()).isEqualTo(10);
      assertThat(connections.tokens(ids[0]).orElseThrow().accessToken().reveal()).isEqualTo("at-0");

      assertThat(resealer.resealBatch(4)).isEqualTo(4);
      while (resealer.resealBatch(4) > 0) {
        // bounded batches until done
      }

      assertThat(resealer.remainingUnderOldKeys()).isZero();
      keyring.retire(oldKey);
      assertThat(keyring.keyIds()).containsExactly(newKey);
      for (int i = 0; i < ids.length; i++) {
        assertThat(connections.tokens(ids[i]).orElseThrow().refreshToken().reveal()).isEqualTo("rt-" + i);
      }
    }
  }

  @Test
  void aValueLeftUnderARetiredKeyNoLongerOpens() {
    Keyring keyring = Keyring.generate();
    int oldKey = keyring.primaryKeyId();
    var binding = new Binding("t", "r", "f");
    String sealed = keyring.sealer().seal("x", binding);
    keyring.rotate();
    keyring.retire(oldKey);

    assertThatThrownBy(() -> keyring.sealer().open(sealed, binding)).isInstanceOf(SealException.class);
    assertThatThrownBy(() -> keyring.retire(keyring.primaryKeyId())).hasMessageContaining("primary");
  }
}
