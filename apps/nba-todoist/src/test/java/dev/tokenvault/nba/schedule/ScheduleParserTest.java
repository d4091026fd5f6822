package dev.tokenvault.nba.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleParserTest {
  static byte[] fixture() throws Exception {
    try (var in = ScheduleParserTest.class.getResourceAsStream("/fixtures/schedule-small.json")) {
      return in.readAllBytes();
    }
  }

  @Test
  void readsTeamsGamesAndTheirQuirks() throws Exception {
    Season season = ScheduleParser.parse(fixture(), "fixture");

    assertThat(season.year()).isEqualTo("2025-26");
    assertThat(season.teams()).extracting(Team::tricode).containsExactly("BOS", "LAL", "MIA", "NYK", "ORL");
    Team boston = season.team("bos").orElseThrow();
    assertThat(boston.colour()).isEqualTo("#007A33");
    assertThat(boston.todoistColour()).isEqualTo("green");
    var games = season.gamesOf(boston);
    assertThat(games).extracting(Game::id).containsExactly("0012500001", "0012500002", "0022500001", "0022500002",
        "0022500003", "0022500004", "0022500006");

    Game opener = games.get(2);
    assertThat(opener.tipOff()).as("UTC fields, not the Eastern ones with a Z").isEqualTo(Instant.parse("2025-10-22T23:30:00Z"));
    assertThat(opener.kind()).isEqualTo(Game.Kind.REGULAR_SEASON);
    assertThat(games.get(0).kind()).isEqualTo(Game.Kind.PRESEASON);
    assertThat(games.get(1).homeName()).as("non-NBA opponent keeps its name").isEqualTo("Melbourne United");
    assertThat(games.get(1).tbd()).isFalse();
    assertThat(games.get(3).postponed()).isTrue();
    assertThat(games.get(4).tbd()).isTrue();
    assertThat(games.get(6).timeKnown()).isFalse();
  }

  @Test
  void garbageIsAClearError() {
    assertThatThrownBy(() -> ScheduleParser.parse("<html>".getBytes(StandardCharsets.UTF_8), "the feed"))
        .isInstanceOf(ScheduleException.class).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> ScheduleParser.parse("{\"x\":1}".getBytes(StandardCharsets.UTF_8), "the feed"))
        .hasMessageContaining("leagueSchedule.gameDates");
  }

  @Test
  void feedDownFallsBackToTheCacheThenNamesTheSetting(@TempDir Path folder) throws Exception {
    byte[] body = fixture();
    var status = new AtomicReference<>(200);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/schedule.json", exchange -> {
      try (exchange) {
        exchange.sendResponseHeaders(status.get(), status.get() == 200 ? body.length : -1);
        if (status.get() == 200) {
          exchange.getResponseBody().write(body);
        }
      }
    });
    server.start();
    try {
      URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/schedule.json");
      Path cache = folder.resolve("cache/schedule.json");
      assertThat(new ScheduleSource(url, cache, Duration.ZERO, Clock.systemUTC()).season().games()).hasSize(8);
      assertThat(cache).exists();

      status.set(503);
      assertThat(new ScheduleSource(url, cache, Duration.ZERO, Clock.systemUTC()).season().games())
          .as("the cached copy").hasSize(8);

      Files.delete(cache);
      assertThatThrownBy(() -> new ScheduleSource(url, cache, Duration.ZERO, Clock.systemUTC()).season())
          .isInstanceOf(ScheduleException.class)
          .hasMessageContaining("could not be reached")
          .hasMessageContaining(ScheduleSource.SETTING);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void settingAcceptsPathsAndUrls() {
    assertThat(ScheduleSource.locationOf(null)).isEqualTo(ScheduleSource.NBA_FEED);
    assertThat(ScheduleSource.locationOf("/tmp/s.json").getScheme()).isEqualTo("file");
    assertThat(ScheduleSource.locationOf("https://example.com/s.json").getHost()).isEqualTo("example.com");
  }
}
