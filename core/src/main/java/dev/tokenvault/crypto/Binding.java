package dev.tokenvault.crypto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a ciphertext lives: its table, row and field. Sealing uses it as AEAD associated data, so a
 * ciphertext copied to another row or field fails to open.
 */
public record Binding(String table, String rowId, String field) {
  private static final byte[] VERSION = "tokenvault/ad/v1".getBytes(StandardCharsets.UTF_8);

  public Binding {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(rowId, "rowId");
    Objects.requireNonNull(field, "field");
  }

  /** Length-prefixed encoding, so ("a", "bc") and ("ab", "c") never collide. */
  byte[] associatedData() {
    var out = new ByteArrayOutputStream();
    writePart(out, VERSION);
    writePart(out, table.getBytes(StandardCharsets.UTF_8));
    writePart(out, rowId.getBytes(StandardCharsets.UTF_8));
    writePart(out, field.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  private static void writePart(ByteArrayOutputStream out, byte[] part) {
    int n = part.length;
    out.write(n >>> 24);
    out.write(n >>> 16);
    out.write(n >>> 8);
    out.write(n);
    out.write(part, 0, n);
  }
}
