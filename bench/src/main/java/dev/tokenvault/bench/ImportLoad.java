package dev.tokenvault.bench;

import dev.tokenvault.nba.importer.ImportOptions;
import dev.tokenvault.nba.importer.ImportResult;
import dev.tokenvault.nba.importer.Importer;
import dev.tokenvault.nba.schedule.ScheduleParser;
import dev.tokenvault.nba.schedule.Season;
import dev.tokenvault.nba.schedule.Team;
import dev.tokenvault.nba.todoist.TodoistClient;
import dev.tokenvault.sandbox.SandboxSettings;
import dev.tokenvault.sandbox.TodoistSandbox;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** Full-season imports into the Todoist sandbox: requests and wall time per team, with and without latency. */
final class ImportLoad {
  private ImportLoad() {}

  static String table(Path seasonFile, int teams, List<Duration> latencies) throws Exception {
    Season season = ScheduleParser.parse(Files.readAllBytes(seasonFile), seasonFile.toString());
    var out = new StringBuilder("## Import: whole season, preseason included, a reminder per game\n\n"
        + "| sandbox latency | teams | tasks per team (avg) | Todoist requests per team (avg) | wall time per team (avg ms) | slowest team (ms) |\n"
        + "|---|---|---|---|---|---|\n");
    HttpClient http = HttpClient.newHttpClient();
    for (Duration latency : latencies) {
      try (var sandbox = TodoistSandbox.start(SandboxSettings.builder().latency(latency).projectLimit(1000).build())) {
        long tasks = 0;
        long requests = 0;
        long totalMillis = 0;
        long slowest = 0;
        List<Team> picked = season.teams().subList(0, Math.min(teams, season.teams().size()));
        for (Team team : picked) {
          String token = sandbox.grant("fan-" + team.tricode()).accessToken();
          var client = new TodoistClient(sandbox.baseUri(), request -> http.send(
              HttpRequest.newBuilder(request, (n, v) -> true).header("Authorization", "Bearer " + token).build(),
              HttpResponse.BodyHandlers.ofString()), 4, Duration.ofMillis(100));
          var importer = new Importer(client, "fan-" + team.tricode(), id -> sandbox.baseUri(),
              Clock.fixed(Instant.parse("2025-09-01T00:00:00Z"), ZoneOffset.UTC));
          long start = System.nanoTime();
          ImportResult result = importer.run(season, new ImportOptions(team, true, true,
              ImportOptions.Destination.NEW_PROJECT, 30, ZoneId.of("America/New_York")), (d, t) -> { });
          long millis = (System.nanoTime() - start) / 1_000_000;
          tasks += result.created();
          requests += result.requests();
          totalMillis += millis;
          slowest = Math.max(slowest, millis);
        }
        int n = picked.size();
        out.append(String.format(Locale.ROOT, "| %d ms | %d | %.1f | %.1f | %d | %d |%n", latency.toMillis(), n,
            (double) tasks / n, (double) requests / n, totalMillis / n, slowest));
      }
    }
    return out.append('\n').toString();
  }
}
