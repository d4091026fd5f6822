package dev.tokenvault.nba.importer;

import dev.tokenvault.nba.schedule.Team;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What to import and where.
 *
 * @param wholeSeason false imports upcoming games only
 * @param reminderMinutesBefore null for no reminder, 0 for a reminder at tip-off
 * @param zone the person's time zone, for the task's due time and all-day dates
 */
public record ImportOptions(
    Team team, boolean wholeSeason, boolean preseason, Destination destination, Integer reminderMinutesBefore, ZoneId zone) {

  /** A new project named after the team and season, or a section in the Inbox. */
  public enum Destination { NEW_PROJECT, INBOX_SECTION }

  public ImportOptions {
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(zone, "zone");
    if (reminderMinutesBefore != null && (reminderMinutesBefore < 0 || reminderMinutesBefore > 24 * 60)) {
      throw new IllegalArgumentException("The reminder must be between 0 and 1440 minutes before tip-off");
    }
  }
}
