package dev.tokenvault.nba.schedule;

/** The schedule could not be had or read; the message says what to change. */
public final class ScheduleException extends RuntimeException {
  public ScheduleException(String message, Throwable cause) {
    super(message, cause);
  }
}
