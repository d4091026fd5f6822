package dev.tokenvault.nba.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the NBA's league-schedule feed layout ({@code scheduleLeagueV2.json}). */
public final class ScheduleParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ScheduleParser() {}

  public static Season parse(byte[] json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new ScheduleException("The schedule from " + source + " is not valid JSON", e);
    }
    JsonNode league = root == null ? null : root.path("leagueSchedule");
    if (league == null || !league.path("gameDates").isArray()) {
      throw new ScheduleException("The schedule from " + source
          + " is not in the NBA league-schedule layout (leagueSchedule.gameDates is missing)", null);
    }
    Map<Long, Team> teams = new LinkedHashMap<>();
    List<Game> games = new ArrayList<>();
    for (JsonNode date : league.path("gameDates")) {
      for (JsonNode game : date.path("games")) {
        try {
          games.add(game(game, teams));
        } catch (DateTimeParseException | NullPointerException e) {
          throw new ScheduleException("Game " + game.path("gameId").asText("?") + " in " + source
              + " has no readable UTC tip-off (gameDateTimeUTC)", e);
        }
      }
    }
    return new Season(league.path("seasonYear").asText(""), List.copyOf(teams.values()), games);
  }

  private static Game game(JsonNode game, Map<Long, Team> teams) {
    String id = game.path("gameId").asText();
    JsonNode home = game.path("homeTeam");
    JsonNode away = game.path("awayTeam");
    remember(home, teams);
    remember(away, teams);
    String status = game.path("gameStatusText").asText("");
    boolean tbd = isPlaceholder(home) || isPlaceholder(away);
    return new Game(
        id,
        Instant.parse(game.path("gameDateTimeUTC").asText(null)),
        !status.trim().equalsIgnoreCase("TBD"),
        id.startsWith("001") ? Game.Kind.PRESEASON : id.startsWith("002") ? Game.Kind.REGULAR_SEASON : Game.Kind.OTHER,
        home.path("teamId").asLong(),
        sideName(home),
        away.path("teamId").asLong(),
        sideName(away),
        game.path("arenaName").asText(""),
        game.path("arenaCity").asText(""),
        "P".equals(game.path("postponedStatus").asText()) || status.toUpperCase().contains("PPD"),
        tbd);
  }

  /** A slot whose team is not decided: no id and no name. */
  private static boolean isPlaceholder(JsonNode side) {
    return side.path("teamId").asLong() == 0 && side.path("teamTricode").asText("").isBlank();
  }

  private static String sideName(JsonNode side) {
    String city = side.path("teamCity").asText("");
    String name = side.path("teamName").asText("");
    String full = (city + " " + name).trim();
    return full.isEmpty() ? "TBD" : full;
  }

  private static void remember(JsonNode side, Map<Long, Team> teams) {
    long id = side.path("teamId").asLong();
    String tricode = side.path("teamTricode").asText("");
    TeamColours.Colour colour = TeamColours.BY_TRICODE.get(tricode);
    if (id != 0 && colour != null) {
      teams.putIfAbsent(id, new Team(id, tricode, side.path("teamCity").asText(), side.path("teamName").asText(),
          colour.hex(), colour.todoist()));
    }
  }
}
