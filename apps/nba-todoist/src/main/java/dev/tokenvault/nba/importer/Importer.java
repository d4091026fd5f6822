package dev.tokenvault.nba.importer;

import dev.tokenvault.nba.schedule.Game;
import dev.tokenvault.nba.schedule.Season;
import dev.tokenvault.nba.schedule.Team;
import dev.tokenvault.nba.todoist.Command;
import dev.tokenvault.nba.todoist.TodoistClient;
import dev.tokenvault.nba.todoist.TodoistException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a team's games into a person's Todoist, idempotently. Each task's description carries a
 * marker with the game id, so a re-import finds earlier tasks and only adds what is missing and
 * updates what changed. Command uuids are derived from the account, the game and the change, so an
 * import cut off half-way and started again sends the same uuids and Todoist runs nothing twice.
 */
public final class Importer {
  private static final Pattern MARKER = Pattern.compile("nba-game:(\\d{10})");
  /** A game counts as upcoming until three hours after tip-off. */
  private static final Duration GAME_LENGTH = Duration.ofHours(3);

  private final TodoistClient todoist;
  private final String account;
  private final Function<String, URI> projectLink;
  private final Clock clock;

  /**
   * @param account a stable id of the Todoist account (part of every command uuid)
   * @param projectLink where a person can open a project, by project id
   */
  public Importer(TodoistClient todoist, String account, Function<String, URI> projectLink, Clock clock) {
    this.todoist = Objects.requireNonNull(todoist, "todoist");
    this.account = Objects.requireNonNull(account, "account");
    this.projectLink = Objects.requireNonNull(projectLink, "projectLink");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public ImportResult run(Season season, ImportOptions options, ImportProgress progress) {
    int requestsBefore = todoist.requestsSent();
    Team team = options.team();
    List<Game> all = season.gamesOf(team);
    List<Game> wanted = new ArrayList<>();
    int skipped = 0;
    Instant now = clock.instant();
    for (Game game : all) {
      if (game.kind() == Game.Kind.PRESEASON && !options.preseason()) {
        continue;
      }
      if (!options.wholeSeason() && game.tipOff().plus(GAME_LENGTH).isBefore(now)) {
        continue;
      }
      if (game.tbd() || game.postponed()) {
        skipped++;
        continue;
      }
      wanted.add(game);
    }
    progress.progress(0, wanted.size());

    Place place = place(season, options);
    Map<String, Map<String, Object>> existing = new LinkedHashMap<>();
    todoist.tasks(place.projectId()).forEach(task -> {
      if (place.sectionId() == null || place.sectionId().equals(String.valueOf(task.get("section_id")))) {
        Matcher m = MARKER.matcher(String.valueOf(task.get("description")));
        if (m.find()) {
          existing.put(m.group(1), task);
        }
      }
    });

    int created = 0;
    int updated = 0;
    int unchanged = 0;
    var batch = new ArrayList<Command>();
    int done = 0;
    for (Game game : wanted) {
      String content = content(team, game);
      String description = description(game);
      Map<String, Object> due = due(game, options);
      Map<String, Object> task = existing.get(game.id());
      if (task == null) {
        String tempId = uuid("add", place.projectId(), game.id());
        var args = new LinkedHashMap<String, Object>();
        args.put("content", content);
        args.put("description", description);
        args.put("project_id", place.projectId());
        if (place.sectionId() != null) {
          args.put("section_id", place.sectionId());
        }
        args.put("due", due);
        batch.add(new Command("item_add", tempId, tempId, args));
        if (options.reminderMinutesBefore() != null && game.timeKnown()) {
          batch.add(new Command("reminder_add", uuid("reminder", place.projectId(), game.id()), null,
              Map.of("item_id", tempId, "type", "relative", "minute_offset", options.reminderMinutesBefore())));
        }
        created++;
      } else if (!content.equals(task.get("content")) || !sameDue(task.get("due"), due)) {
        batch.add(new Command("item_update", uuid("update", String.valueOf(task.get("id")), content + due),
            null, Map.of("id", task.get("id"), "content", content, "due", due)));
        updated++;
      } else {
        unchanged++;
      }
      done++;
      // Leave room for a command's reminder: never split an add from its reminder.
      if (batch.size() >= TodoistClient.MAX_COMMANDS - 1) {
        send(batch);
        progress.progress(done, wanted.size());
      }
    }
    if (!batch.isEmpty()) {
      send(batch);
    }
    progress.progress(wanted.size(), wanted.size());

    Set<String> scheduled = new HashSet<>();
    all.forEach(g -> scheduled.add(g.id()));
    List<String> left = existing.entrySet().stream()
        .filter(e -> !scheduled.contains(e.getKey()))
        .map(e -> String.valueOf(e.getValue().get("content")))
        .toList();
    return new ImportResult(created, updated, unchanged, skipped, left, place.projectId(),
        projectLink.apply(place.projectId()), todoist.requestsSent() - requestsBefore);
  }

  /** Where the tasks go: a project, and in the Inbox case a section of it. */
  private record Place(String projectId, String sectionId) {}

  private Place place(Season season, ImportOptions options) {
    String name = options.team().fullName() + " " + season.year();
    if (options.destination() == ImportOptions.Destination.NEW_PROJECT) {
      for (Map<String, Object> project : todoist.projects()) {
        if (name.equals(project.get("name"))) {
          return new Place(String.valueOf(project.get("id")), null);
        }
      }
      String tempId = uuid("project", name, "");
      String id = create(new Command("project_add", tempId, tempId,
          Map.of("name", name, "color", options.team().todoistColour())), tempId);
      return new Place(id, null);
    }
    String inbox = String.valueOf(todoist.user().get("inbox_project_id"));
    for (Map<String, Object> section : todoist.sections(inbox)) {
      if (name.equals(section.get("name"))) {
        return new Place(inbox, String.valueOf(section.get("id")));
      }
    }
    String tempId = uuid("section", inbox, name);
    return new Place(inbox, create(new Command("section_add", tempId, tempId, Map.of("name", name, "project_id", inbox)), tempId));
  }

  private String create(Command command, String tempId) {
    TodoistClient.SyncResult result = todoist.sync(List.of(command));
    failIfRefused(result);
    String id = result.tempIdMapping().get(tempId);
    if (id == null) {
      throw new TodoistException(TodoistException.Reason.BAD_REQUEST, "Todoist did not say which id it gave the new "
          + command.type().replace("_add", ""), null);
    }
    return id;
  }

  private void send(List<Command> batch) {
    TodoistClient.SyncResult result = todoist.sync(List.copyOf(batch));
    failIfRefused(result);
    batch.clear();
  }

  private static void failIfRefused(TodoistClient.SyncResult result) {
    Map<String, Object> failures = result.failures();
    if (failures.isEmpty()) {
      return;
    }
    String first = String.valueOf(failures.values().iterator().next());
    if (first.contains("MAX_PROJECTS_LIMIT_REACHED")) {
      throw new TodoistException(TodoistException.Reason.PROJECT_LIMIT_REACHED,
          "Your Todoist has as many projects as its plan allows. Choose \"a section of the Inbox\" instead, or archive a project.",
          null);
    }
    throw new TodoistException(TodoistException.Reason.BAD_REQUEST,
        "Todoist refused " + failures.size() + " of the changes: " + first, null);
  }

  static String content(Team team, Game game) {
    boolean home = game.isHome(team);
    String opponent = home ? game.awayName() : game.homeName();
    return team.name() + (home ? " vs " : " @ ") + opponent;
  }

  private static String description(Game game) {
    String label = switch (game.kind()) {
      case PRESEASON -> "Preseason";
      case REGULAR_SEASON -> "Regular season";
      case OTHER -> "Special game";
    };
    String where = game.arena().isBlank() ? "" : game.arena() + (game.city().isBlank() ? "" : ", " + game.city()) + " · ";
    return where + label + "\nnba-game:" + game.id();
  }

  private static Map<String, Object> due(Game game, ImportOptions options) {
    if (!game.timeKnown()) {
      return Map.of("date", DateTimeFormatter.ISO_LOCAL_DATE.format(game.tipOff().atZone(options.zone())));
    }
    // A datetime in UTC with the person's zone: Todoist shows it at the right local time.
    return Map.of("date", DateTimeFormatter.ISO_INSTANT.format(game.tipOff()), "timezone", options.zone().getId());
  }

  private static boolean sameDue(Object existing, Map<String, Object> wanted) {
    return existing instanceof Map<?, ?> due && Objects.equals(String.valueOf(due.get("date")), wanted.get("date"));
  }

  private String uuid(String kind, String scope, String key) {
    return UUID.nameUUIDFromBytes((account + "|" + kind + "|" + scope + "|" + key).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
