package dev.tokenvault.nba.todoist;

import java.util.Map;

/**
 * A Todoist sync command. The {@code uuid} makes it idempotent: Todoist executes a uuid once and
 * answers a retry with the first result.
 *
 * @param tempId an id later commands in the same or a later request can refer to, or null
 */
public record Command(String type, String uuid, String tempId, Map<String, Object> args) {
  public Command {
    args = Map.copyOf(args);
  }
}
