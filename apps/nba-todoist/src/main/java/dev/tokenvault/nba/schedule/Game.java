package dev.tokenvault.nba.schedule;

import java.time.Instant;

/**
 * One game of the schedule.
 *
 * @param tipOff in UTC, from the feed's UTC fields (its Eastern fields carry a misleading {@code Z})
 * @param timeKnown false when the tip-off time is not set yet ("TBD"): only the date counts
 * @param homeName the home side's name; for a non-NBA opponent its club name
 * @param tbd an NBA Cup knockout or play-in slot whose teams are not decided yet
 */
public record Game(
    String id,
    Instant tipOff,
    boolean timeKnown,
    Kind kind,
    long homeId,
    String homeName,
    long awayId,
    String awayName,
    String arena,
    String city,
    boolean postponed,
    boolean tbd) {

  /** Preseason, regular season, or another stage (NBA Cup final, play-in, playoffs). */
  public enum Kind { PRESEASON, REGULAR_SEASON, OTHER }

  public boolean involves(Team team) {
    return homeId == team.id() || awayId == team.id();
  }

  public boolean isHome(Team team) {
    return homeId == team.id();
  }
}
