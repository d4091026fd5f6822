package dev.tokenvault.nba.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenvault.nba.schedule.ScheduleParser;
import dev.tokenvault.nba.schedule.Season;
import dev.tokenvault.nba.schedule.Team;
import dev.tokenvault.nba.todoist.TodoistClient;
import dev.tokenvault.nba.todoist.TodoistException;
import dev.tokenvault.sandbox.SandboxSettings;
import dev.tokenvault.sandbox.TodoistSandbox;
import java.net.URI;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The importer against the Todoist sandbox: real HTTP, real sync semantics, faults on demand. */
class ImporterTest {
  private static final Clock BEFORE_SEASON = Clock.fixed(Instant.parse("2025-09-30T12:00:00Z"), ZoneOffset.UTC);

  private final TodoistSandbox sandbox = TodoistSandbox.start(SandboxSettings.builder().projectLimit(3).build());
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private Season season() throws Exception {
    try (var in = getClass().getResourceAsStream("/fixtures/schedule-small.json")) {
      return ScheduleParser.parse(in.readAllBytes(), "fixture");
    }
  }

  private Importer importer(String user, Clock clock) throws Exception {
    String token = sandbox.grant(user).accessToken();
    var client = new TodoistClient(sandbox.baseUri(), request -> http.send(
        HttpRequest.newBuilder(request, (n, v) -> true).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString()), 4, Duration.ofMillis(10));
    return new Importer(client, user, id -> sandbox.baseUri(), clock);
  }

  private ImportOptions options(Team team, boolean preseason, ImportOptions.Destination where) {
    return new ImportOptions(team, true, preseason, where, 15, ZoneId.of("America/New_York"));
  }

  @Test
  void importsOnceAndReimportChangesNothing() throws Exception {
    Season season = season();
    Team boston = season.team("BOS").orElseThrow();
    Importer importer = importer("ann", BEFORE_SEASON);
    var progress = new ArrayList<int[]>();

    ImportResult first = importer.run(season, options(boston, true, ImportOptions.Destination.NEW_PROJECT),
        (done, total) -> progress.add(new int[] {done, total}));

    assertThat(first.created()).isEqualTo(5);
    assertThat(first.skipped()).as("postponed and TBD").isEqualTo(2);
    assertThat(progress.get(progress.size() - 1)).containsExactly(5, 5);
    assertThat(sandbox.projects("ann")).extracting(p -> p.get("name")).contains("Boston Celtics 2025-26");
    List<Map<String, Object>> tasks = sandbox.tasks("ann");
    assertThat(tasks).hasSize(5);
    assertThat(tasks).extracting(t -> t.get("content"))
        .contains("Celtics vs New York Knicks", "Celtics @ New York Knicks", "Celtics @ Melbourne United", "Celtics vs Los Angeles Lakers");
    Map<?, ?> opener = (Map<?, ?>) tasks.stream().filter(t -> "Celtics @ New York Knicks".equals(t.get("content")))
        .findFirst().orElseThrow().get("due");
    assertThat(opener.get("date")).isEqualTo("2025-10-22T23:30:00Z");
    assertThat(opener.get("timezone")).isEqualTo("America/New_York");

    ImportResult second = importer.run(season, options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });
    assertThat(second.created()).isZero();
    assertThat(second.updated()).isZero();
    assertThat(second.unchanged()).isEqualTo(5);
    assertThat(sandbox.tasks("ann")).hasSize(5);
  }

  @Test
  void changedTipOffIsUpdatedAndAVanishedGameIsReported() throws Exception {
    Season season = season();
    Team boston = season.team("BOS").orElseThrow();
    Importer importer = importer("bob", BEFORE_SEASON);
    importer.run(season, options(boston, false, ImportOptions.Destination.INBOX_SECTION), (d, t) -> { });

    String moved = new String(ScheduleParserBytes.fixture()).replace("2026-01-10T00:30:00Z", "2026-01-10T01:00:00Z")
        .replace("\"gameId\": \"0022500001\"", "\"gameId\": \"0022500099\"");
    Season changed = ScheduleParser.parse(moved.getBytes(), "changed fixture");
    ImportResult result = importer.run(changed, options(boston, false, ImportOptions.Destination.INBOX_SECTION), (d, t) -> { });

    assertThat(result.updated()).isEqualTo(1);
    assertThat(result.created()).as("the renumbered game is new").isEqualTo(1);
    assertThat(result.leftTheSchedule()).containsExactly("Celtics @ New York Knicks");
  }

  @Test
  void batchThatFailsHalfWayIsRetriedWithoutDuplicates() throws Exception {
    Season season = season();
    Team boston = season.team("BOS").orElseThrow();
    Importer importer = importer("cy", BEFORE_SEASON);
    sandbox.faults().failSyncAfterCommands(0); // the project's own batch fails first
    importer.run(season, options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });
    sandbox.faults().failSyncAfterCommands(3); // the tasks' batch fails after three commands

    ImportResult result = importer(  "cy", BEFORE_SEASON).run(season,
        options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });

    assertThat(result.unchanged()).isEqualTo(5);
    assertThat(sandbox.tasks("cy")).hasSize(5);
  }

  @Test
  void interruptedImportResumesWithoutDuplicates() throws Exception {
    Season season = season();
    Team boston = season.team("BOS").orElseThrow();
    sandbox.faults().serverErrorNext(100); // Todoist is down for longer than the client retries
    assertThatThrownBy(() -> importer("dee", BEFORE_SEASON).run(season,
        options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { }))
        .isInstanceOf(TodoistException.class);
    sandbox.faults().serverErrorNext(0);
    sandbox.faults().failSyncAfterCommands(4);
    Importer importer = importer("dee", BEFORE_SEASON);
    // The first tasks batch dies after four commands and the client's own retry finishes it.
    ImportResult result = importer.run(season, options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });

    assertThat(result.created()).isEqualTo(5);
    assertThat(sandbox.tasks("dee")).hasSize(5);
    assertThat(importer.run(season, options(boston, true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { })
        .unchanged()).isEqualTo(5);
  }

  @Test
  void rateLimitIsWaitedOut() throws Exception {
    Season season = season();
    Importer importer = importer("eve", BEFORE_SEASON);
    sandbox.faults().rateLimitNext(2, Duration.ofSeconds(1));

    ImportResult result = importer.run(season, options(season.team("BOS").orElseThrow(), true,
        ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });

    assertThat(result.created()).isEqualTo(5);
    assertThat(sandbox.requests("GET /api/v1/projects")).isEqualTo(3);
  }

  @Test
  void projectLimitIsATypedError() throws Exception {
    Season season = season();
    Importer importer = importer("fay", BEFORE_SEASON);
    importer.run(season, options(season.team("BOS").orElseThrow(), true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });
    importer.run(season, options(season.team("NYK").orElseThrow(), true, ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });

    assertThatThrownBy(() -> importer.run(season, options(season.team("MIA").orElseThrow(), true,
        ImportOptions.Destination.NEW_PROJECT), (d, t) -> { }))
        .isInstanceOfSatisfying(TodoistException.class,
            e -> assertThat(e.reason()).isEqualTo(TodoistException.Reason.PROJECT_LIMIT_REACHED));
  }

  @Test
  void upcomingOnlySkipsPlayedGames() throws Exception {
    Season season = season();
    Clock midSeason = Clock.fixed(Instant.parse("2025-12-01T00:00:00Z"), ZoneOffset.UTC);
    ImportResult result = importer("gus", midSeason).run(season,
        new ImportOptions(season.team("BOS").orElseThrow(), false, true, ImportOptions.Destination.NEW_PROJECT, null,
            ZoneId.of("UTC")), (d, t) -> { });

    assertThat(result.created()).isEqualTo(2);
    assertThat(sandbox.tasks("gus")).extracting(t -> t.get("content")).containsExactly("Celtics vs Los Angeles Lakers", "Celtics @ Orlando Magic");
  }

  @Test
  void fullSeasonCostInRequests() throws Exception {
    Path full = Path.of("../../../shared/data/nba/schedule-2025-26.json");
    Assumptions.assumeTrue(Files.exists(full), "the shared season file is not beside this checkout");
    Season season = ScheduleParser.parse(Files.readAllBytes(full), full.toString());
    Importer importer = importer("hal", BEFORE_SEASON);
    long start = System.nanoTime();
    ImportResult result = importer.run(season, options(season.team("BOS").orElseThrow(), true,
        ImportOptions.Destination.NEW_PROJECT), (d, t) -> { });
    System.out.printf("Full season, Boston: %d tasks, %d Todoist requests, %d ms%n", result.created(), result.requests(),
        (System.nanoTime() - start) / 1_000_000);
    assertThat(result.created()).isGreaterThan(80);
    assertThat(result.requests()).isLessThan(10);
  }

  /** The fixture's bytes, for tests that edit it. */
  static final class ScheduleParserBytes {
    static byte[] fixture() throws Exception {
      try (var in = ImporterTest.class.getResourceAsStream("/fixtures/schedule-small.json")) {
        return in.readAllBytes();
      }
    }
  }
}
