package dev.tokenvault;

import java.time.Instant;
import java.util.Objects;

/**
 * A typed event for listeners and the audit table. Never holds a secret: {@code detail} is a short
 * sentence such as a provider error code or an HTTP status.
 *
 * @param connectionId null for events about keys
 */
public record TokenvaultEvent(
    EventType type,
    Instant occurredAt,
    String connectionId,
    String userId,
    String provider,
    String detail) {
  public TokenvaultEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
  }
}
