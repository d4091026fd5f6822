package dev.tokenvault.crypto;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AES-256-GCM keyset that seals every secret. Rotation adds a new primary key while old keys
 * still open what they sealed; once {@code Resealer} has moved every value to the new key, the old
 * one is retired. The {@link Sealer} it hands out follows these changes without a restart.
 */
public final class Keyring {
  /** Setting: the keyset itself, as Tink JSON. */
  public static final String KEYSET_SETTING = "TOKENVAULT_KEYSET";
  /** Setting: a file holding the keyset as Tink JSON. */
  public static final String KEYSET_FILE_SETTING = "TOKENVAULT_KEYSET_FILE";

  private static final Logger log = LoggerFactory.getLogger(Keyring.class);

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Path file;
  private final Sealer sealer;
  private KeysetHandle keyset;

  private Keyring(KeysetHandle keyset, Path file) {
    this.keyset = keyset;
    this.file = file;
    this.sealer = Sealer.of(keyset);
  }

  /** A fresh keyset held in memory only (tests, throwaway demos). */
  public static Keyring generate() {
    return new Keyring(newKeyset(), null);
  }

  /** Parses a keyset given as Tink JSON; {@code source} names the setting in error messages. */
  public static Keyring fromJson(String json, String source) {
    if (json == null || json.isBlank()) {
      throw new KeysetException(source + " is empty: it must hold an AES256_GCM keyset in Tink JSON format");
    }
    return new Keyring(parse(json, source), null);
  }

  /** Reads the keyset file; rotations are written back to it. */
  public static Keyring fromFile(Path file) {
    try {
      return new Keyring(parse(Files.readString(file, StandardCharsets.UTF_8), KEYSET_FILE_SETTING + " (" + file + ")"), file);
    } catch (IOException e) {
      throw new KeysetException(KEYSET_FILE_SETTING + " points to " + file + ", which cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Reads the keyset file, or on a first local run creates one (owner read/write only) and says so
   * loudly: losing that file makes every stored token unreadable.
   */
  public static Keyring loadOrGenerate(Path file) {
    if (Files.exists(file)) {
      return fromFile(file);
    }
    KeysetHandle keyset = newKeyset();
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, serialize(keyset), StandardCharsets.UTF_8);
    } catch (FileAlreadyExistsException raced) {
      return fromFile(file);
    } catch (IOException e) {
      throw new KeysetException("Could not create a development keyset at " + file + ": " + e.getMessage(), e);
    }
    log.warn("""
        
        ******************************************************************************
        Generated a NEW development keyset at {}
        Every token is sealed with it: back it up, or stored tokens become unreadable.
        In production, supply your own with {} (Tink JSON) or {} (a file path).
        ******************************************************************************""",
        file.toAbsolutePath(), KEYSET_SETTING, KEYSET_FILE_SETTING);
    return new Keyring(keyset, file);
  }

  /**
   * From the environment: {@code TOKENVAULT_KEYSET}, else {@code TOKENVAULT_KEYSET_FILE}, else a
   * generated development keyset at {@code developmentFile}.
   */
  public static Keyring fromEnvironment(Map<String, String> env, Path developmentFile) {
    String json = env.get(KEYSET_SETTING);
    if (json != null && !json.isBlank()) {
      return fromJson(json, KEYSET_SETTING);
    }
    String path = env.get(KEYSET_FILE_SETTING);
    if (path != null && !path.isBlank()) {
      return fromFile(Path.of(path));
    }
    return loadOrGenerate(developmentFile);
  }

  /** The sealer to give stores; it follows rotations. */
  public Sealer sealer() {
    return sealer;
  }

  public synchronized int primaryKeyId() {
    return keyset.getPrimary().getId();
  }

  public synchronized List<Integer> keyIds() {
    var ids = new ArrayList<Integer>();
    for (int i = 0; i < keyset.size(); i++) {
      ids.add(keyset.getAt(i).getId());
    }
    return ids;
  }

  /** Adds a new key and makes it primary; old keys keep opening what they sealed. Returns its id. */
  public synchronized int rotate() {
    try {
      KeysetHandle next = KeysetHandle.newBuilder(keyset)
          .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM)
              .withRandomId()
              .makePrimary())
          .build();
      install(next);
      return next.getPrimary().getId();
    } catch (GeneralSecurityException e) {
      throw new KeysetException("Could not add a key to the keyset: " + e.getMessage(), e);
    }
  }

  /**
   * Removes a non-primary key. Call it only when nothing is sealed with it any more ({@code
   * Resealer.remainingUnder} returns zero): values still sealed with it become unreadable.
   */
  public synchronized void retire(int keyId) {
    if (keyId == keyset.getPrimary().getId()) {
      throw new IllegalArgumentException("Key " + keyId + " is the primary key; rotate first, then retire it");
    }
    KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
    // The builder keeps the keyset's order, so the keyset's index addresses the builder's entry.
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getId() == keyId) {
        builder.deleteAt(i);
        try {
          install(builder.build());
        } catch (GeneralSecurityException e) {
          throw new KeysetException("Could not retire key " + keyId + ": " + e.getMessage(), e);
        }
        return;
      }
    }
    throw new IllegalArgumentException("Key " + keyId + " is not in the keyset (keys: " + keyIds() + ")");
  }

  private void install(KeysetHandle next) {
    if (file != null) {
      write(file, next);
    }
    keyset = next;
    sealer.use(next);
  }

  /** Replaces the file atomically, so a crash never leaves half a keyset. */
  private static void write(Path file, KeysetHandle keyset) {
    try {
      Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".keyset", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, serialize(keyset), StandardCharsets.UTF_8);
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new KeysetException("Could not write the keyset to " + file + ": " + e.getMessage(), e);
    }
  }

  private static KeysetHandle newKeyset() {
    try {
      return KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM);
    } catch (GeneralSecurityException e) {
      throw new KeysetException("Could not generate a keyset: " + e.getMessage(), e);
    }
  }

  private static KeysetHandle parse(String json, String source) {
    KeysetHandle keyset;
    try {
      keyset = TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException | RuntimeException e) {
      // Tink's messages can quote the input; name the setting instead.
      throw new KeysetException(source + " does not hold a valid Tink JSON keyset");
    }
    for (int i = 0; i < keyset.size(); i++) {
      if (keyset.getAt(i).getStatus() == KeyStatus.ENABLED
          && !(keyset.getAt(i).getKey().getParameters() instanceof com.google.crypto.tink.aead.AesGcmParameters)) {
        throw new KeysetException(source + " holds a key that is not AES-GCM; Tokenvault needs AES256_GCM keys");
      }
    }
    Objects.requireNonNull(keyset.getPrimary(), "primary");
    return keyset;
  }

  private static String serialize(KeysetHandle keyset) {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new KeysetException("Could not serialize the keyset: " + e.getMessage(), e);
    }
  }
}
