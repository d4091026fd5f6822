package dev.tokenvault.nba.todoist;

import java.util.Objects;

/** A Todoist call failed; the message says what a person can do about it. Never holds a token. */
public final class TodoistException extends RuntimeException {
  /** What went wrong, as far as the caller needs to know. */
  public enum Reason {
    /** Todoist no longer accepts this sign-in: sign in again. */
    UNAUTHORIZED,
    /** Todoist keeps answering 429: try later. */
    RATE_LIMITED,
    /** Todoist is down or unreachable: try later. */
    UNAVAILABLE,
    /** The account has as many projects as its plan allows. */
    PROJECT_LIMIT_REACHED,
    /** Todoist refused a request as malformed. */
    BAD_REQUEST
  }

  private final Reason reason;

  public TodoistException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  public boolean retryable() {
    return reason == Reason.RATE_LIMITED || reason == Reason.UNAVAILABLE;
  }
}
