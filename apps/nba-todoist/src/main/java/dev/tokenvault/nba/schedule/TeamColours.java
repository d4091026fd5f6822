package dev.tokenvault.nba.schedule;

import java.util.Map;

/** The feed has no colours: each team's primary colour and the nearest Todoist project colour. */
final class TeamColours {
  private TeamColours() {}

  record Colour(String hex, String todoist) {}

  static final Map<String, Colour> BY_TRICODE = Map.ofEntries(
      Map.entry("ATL", new Colour("#E03A3E", "red")),
      Map.entry("BOS", new Colour("#007A33", "green")),
      Map.entry("BKN", new Colour("#000000", "charcoal")),
      Map.entry("CHA", new Colour("#00788C", "teal")),
      Map.entry("CHI", new Colour("#CE1141", "red")),
      Map.entry("CLE", new Colour("#860038", "berry_red")),
      Map.entry("DAL", new Colour("#00538C", "blue")),
      Map.entry("DEN", new Colour("#0E2240", "blue")),
      Map.entry("DET", new Colour("#C8102E", "red")),
      Map.entry("GSW", new Colour("#1D428A", "blue")),
      Map.entry("HOU", new Colour("#CE1141", "red")),
      Map.entry("IND", new Colour("#002D62", "blue")),
      Map.entry("LAC", new Colour("#C8102E", "red")),
      Map.entry("LAL", new Colour("#552583", "grape")),
      Map.entry("MEM", new Colour("#5D76A9", "light_blue")),
      Map.entry("MIA", new Colour("#98002E", "berry_red")),
      Map.entry("MIL", new Colour("#00471B", "green")),
      Map.entry("MIN", new Colour("#0C2340", "blue")),
      Map.entry("NOP", new Colour("#0C2340", "blue")),
      Map.entry("NYK", new Colour("#F58426", "orange")),
      Map.entry("OKC", new Colour("#007AC1", "sky_blue")),
      Map.entry("ORL", new Colour("#0077C0", "blue")),
      Map.entry("PHI", new Colour("#006BB6", "blue")),
      Map.entry("PHX", new Colour("#E56020", "orange")),
      Map.entry("POR", new Colour("#E03A3E", "red")),
      Map.entry("SAC", new Colour("#5A2D81", "violet")),
      Map.entry("SAS", new Colour("#8A8D8F", "grey")),
      Map.entry("TOR", new Colour("#CE1141", "red")),
      Map.entry("UTA", new Colour("#002B5C", "blue")),
      Map.entry("WAS", new Colour("#002B5C", "blue")));
}
