package dev.tokenvault.nba.importer;

import java.net.URI;
import java.util.List;

/**
 * What an import did.
 *
 * @param skipped games not imported because their teams or date are not decided (TBD, postponed)
 * @param leftTheSchedule tasks of earlier imports whose game is no longer scheduled (kept, reported)
 * @param requests Todoist requests this import made
 */
public record ImportResult(
    int created, int updated, int unchanged, int skipped, List<String> leftTheSchedule, String projectId,
    URI projectLink, int requests) {
  public ImportResult {
    leftTheSchedule = List.copyOf(leftTheSchedule);
  }
}
