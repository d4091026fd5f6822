package dev.tokenvault.nba.schedule;

/**
 * An NBA team.
 *
 * @param colour the team's primary colour as {@code #RRGGBB}
 * @param todoistColour the nearest of Todoist's named project colours
 */
public record Team(long id, String tricode, String city, String name, String colour, String todoistColour) {
  public String fullName() {
    return city + " " + name;
  }
}
