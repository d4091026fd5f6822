package dev.tokenvault.nba.schedule;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A season's schedule: every game, and the 30 NBA teams in it. */
public record Season(String year, List<Team> teams, List<Game> games) {
  public Season {
    teams = teams.stream().sorted(Comparator.comparing(Team::fullName)).toList();
    games = games.stream().sorted(Comparator.comparing(Game::tipOff)).toList();
  }

  public Optional<Team> team(String tricode) {
    return teams.stream().filter(t -> t.tricode().equalsIgnoreCase(tricode)).findFirst();
  }

  public List<Game> gamesOf(Team team) {
    return games.stream().filter(g -> g.involves(team)).toList();
  }
}
