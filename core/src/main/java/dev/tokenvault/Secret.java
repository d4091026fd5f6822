package dev.tokenvault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A value that must never be printed: tokens, codes, verifiers, session ids.
 *
 * <p>{@link #toString()} is redacted; the raw text comes only from {@link #reveal()}, so every place
 * that touches a secret shows up in a search for that one method. Equality is constant-time.
 */
public abstract class Secret {
  private final String value;

  protected Secret(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " must not be blank");
    }
    this.value = value;
  }

  /** The raw secret. Call it only where the value is sent or sealed. */
  public final String reveal() {
    return value;
  }

  @Override
  public final boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8),
            ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
  }

  /** Derived from the type only, so no bit of the secret leaks through hash-based structures. */
  @Override
  public final int hashCode() {
    return getClass().hashCode();
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[***]";
  }
}
