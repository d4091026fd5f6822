package dev.tokenvault.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lookup keys for high-entropy secrets (states, session ids): stored hashed, never raw. */
public final class Digests {
  private Digests() {}

  /** Hex SHA-256 of the UTF-8 bytes. Fine for 256-bit random values; not for passwords. */
  public static String sha256Hex(String value) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
