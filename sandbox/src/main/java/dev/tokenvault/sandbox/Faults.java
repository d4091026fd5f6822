package dev.tokenvault.sandbox;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Failures the sandbox shows on demand, like a real Todoist on a bad day. Thread-safe. */
public final class Faults {
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicReference<Duration> retryAfter = new AtomicReference<>(Duration.ofSeconds(1));
  private final AtomicInteger serverErrors = new AtomicInteger();
  private final AtomicInteger failSyncAfter = new AtomicInteger(-1);

  /** The next {@code requests} API requests answer 429 with {@code Retry-After}. */
  public void rateLimitNext(int requests, Duration retryAfter) {
    this.retryAfter.set(retryAfter);
    rateLimited.set(requests);
  }

  /** The next {@code requests} API requests answer 503. */
  public void serverErrorNext(int requests) {
    serverErrors.set(requests);
  }

  /** The next sync request executes {@code commands} commands, then fails with 503, the rest undone. */
  public void failSyncAfterCommands(int commands) {
    failSyncAfter.set(commands);
  }

  Duration takeRateLimit() {
    return rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? retryAfter.get() : null;
  }

  boolean takeServerError() {
    return serverErrors.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** How many commands the next sync may run before failing, or -1 for all. */
  int takeSyncLimit() {
    return failSyncAfter.getAndSet(-1);
  }
}
