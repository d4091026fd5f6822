package dev.tokenvault;

import dev.tokenvault.provider.OAuthClient;
import dev.tokenvault.provider.ProviderException;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.TokenTypeHint;
import dev.tokenvault.store.RevocationOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes tokens at the provider after they were wiped locally. A revocation that fails for a
 * reason that may pass (network, 5xx, 429, our credentials) goes to the outbox and is retried with
 * backoff; one the provider can never accept (unsupported token type, token already dead) is
 * dropped.
 */
final class Revocations {
  private static final Logger log = LoggerFactory.getLogger(Revocations.class);
  static final int MAX_ATTEMPTS = 10;
  private static final Duration FIRST_RETRY = Duration.ofMinutes(1);
  private static final Duration LAST_RETRY = Duration.ofHours(6);

  private final OAuthClient oauth;
  private final Map<String, ProviderRegistration> registrations;
  private final RevocationOutbox outbox;
  private final MeterRegistry meters;
  private final Clock clock;

  Revocations(OAuthClient oauth, Map<String, ProviderRegistration> registrations, RevocationOutbox outbox,
      MeterRegistry meters, Clock clock) {
    this.oauth = oauth;
    this.registrations = registrations;
    this.outbox = outbox;
    this.meters = meters;
    this.clock = clock;
  }

  /** Tries once now; queues the token when a retry may help. */
  void revoke(String connectionId, String provider, Secret token, TokenTypeHint hint) {
    ProviderRegistration registration = registrations.get(provider);
    if (registration == null) {
      log.warn("Connection {} belongs to provider {}, which is no longer configured; wiped locally only",
          connectionId, provider);
      count(provider, "unconfigured");
      return;
    }
    try {
      oauth.revoke(registration, token, hint);
      count(provider, "revoked");
    } catch (ProviderException e) {
      if (isFinal(e)) {
        log.info("{} will not revoke the {} of connection {}: {}", provider, hint.wireName(), connectionId, e.getMessage());
        count(provider, "refused");
        return;
      }
      Instant now = clock.instant();
      outbox.enqueue(connectionId, provider, hint.wireName(), token, e.getMessage(), now.plus(FIRST_RETRY), now);
      count(provider, "queued");
    }
  }

  /** Retries what is due in the outbox; returns how many were settled. */
  int retryDue(int limit) {
    int settled = 0;
    for (RevocationOutbox.Pending pending : outbox.due(clock.instant(), limit)) {
      ProviderRegistration registration = registrations.get(pending.provider());
      if (registration == null) {
        outbox.remove(pending.id());
        settled++;
        continue;
      }
      try {
        oauth.revoke(registration, pending.token(), TokenTypeHint.fromWireName(pending.tokenTypeHint()));
        outbox.remove(pending.id());
        count(pending.provider(), "revoked");
        settled++;
      } catch (ProviderException e) {
        if (isFinal(e) || pending.attempts() + 1 >= MAX_ATTEMPTS) {
          log.warn("Giving up revoking the {} of connection {} at {} after {} attempts: {}",
              pending.tokenTypeHint(), pending.connectionId(), pending.provider(), pending.attempts() + 1, e.getMessage());
          outbox.remove(pending.id());
          count(pending.provider(), "abandoned");
          settled++;
        } else {
          Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(pending.attempts(), 16));
          outbox.failed(pending.id(), e.getMessage(),
              clock.instant().plus(wait.compareTo(LAST_RETRY) > 0 ? LAST_RETRY : wait));
          count(pending.provider(), "retry_failed");
        }
      }
    }
    return settled;
  }

  private static boolean isFinal(ProviderException e) {
    return e.reason() == ProviderException.Reason.INVALID_GRANT
        || "unsupported_token_type".equals(e.errorCode())
        || e.reason() == ProviderException.Reason.MALFORMED_RESPONSE;
  }

  private void count(String provider, String outcome) {
    meters.counter("tokenvault.revocations", "provider", provider, "outcome", outcome).increment();
  }
}
