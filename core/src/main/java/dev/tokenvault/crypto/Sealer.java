package dev.tokenvault.crypto;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Objects;

/**
 * Seals text with AES-256-GCM from a Tink keyset, bound to a {@link Binding}. Output is URL-safe
 * base64 text so it fits any column type on H2 and PostgreSQL, and cookies.
 *
 * <p>Immutable and thread-safe. Ciphertexts carry Tink's 5-byte prefix (version byte + key id), so
 * any key still in the keyset opens them and {@link #isSealedWithPrimary} tells re-sealing which rows
 * are behind after a rotation.
 */
public final class Sealer {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final int TINK_PREFIX = 5;

  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The keyset in use; replaced as a whole when the {@link Keyring} rotates. */
  private volatile Keys keys;

  private record Keys(Aead aead, int primaryKeyId) {}

  private Sealer(Keys keys) {
    this.keys = keys;
  }

  /** A sealer over an AEAD keyset (AES256_GCM keys). */
  public static Sealer of(KeysetHandle keyset) {
    return new Sealer(keysOf(keyset));
  }

  /** Switches to a new version of the keyset (after a rotation or retirement). */
  void use(KeysetHandle keyset) {
    this.keys = keysOf(keyset);
  }

  private static Keys keysOf(KeysetHandle keyset) {
    Objects.requireNonNull(keyset, "keyset");
    try {
      return new Keys(keyset.getPrimitive(RegistryConfiguration.get(), Aead.class), keyset.getPrimary().getId());
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("The keyset holds no usable AEAD key: " + e.getMessage(), e);
    }
  }

  public String seal(String plaintext, Binding binding) {
    return seal(plaintext.getBytes(StandardCharsets.UTF_8), binding);
  }

  public String seal(byte[] plaintext, Binding binding) {
    try {
      return ENCODER.encodeToString(keys.aead().encrypt(plaintext, binding.associatedData()));
    } catch (GeneralSecurityException e) {
      throw new SealException("Sealing failed for " + binding, e);
    }
  }

  public String open(String sealed, Binding binding) {
    return new String(openBytes(sealed, binding), StandardCharsets.UTF_8);
  }

  public byte[] openBytes(String sealed, Binding binding) {
    Objects.requireNonNull(sealed, "sealed");
    byte[] ciphertext;
    try {
      ciphertext = DECODER.decode(sealed);
    } catch (IllegalArgumentException e) {
      throw new SealException("Sealed value for " + binding + " is not valid base64");
    }
    try {
      return keys.aead().decrypt(ciphertext, binding.associatedData());
    } catch (GeneralSecurityException e) {
      throw new SealException(
          "Sealed value for " + binding + " does not open: tampered, moved, or its key was retired");
    }
  }

  /** Whether the value was sealed with the current primary key (false: re-seal it). */
  public boolean isSealedWithPrimary(String sealed) {
    return keyIdOf(sealed) == keys.primaryKeyId();
  }

  /** The Tink key id that sealed this value, or -1 if it has no Tink prefix. */
  public static int keyIdOf(String sealed) {
    byte[] raw = DECODER.decode(sealed);
    if (raw.length < TINK_PREFIX || raw[0] != 0x01) {
      return -1;
    }
    return ByteBuffer.wrap(raw, 1, 4).getInt();
  }

  public int primaryKeyId() {
    return keys.primaryKeyId();
  }
}
