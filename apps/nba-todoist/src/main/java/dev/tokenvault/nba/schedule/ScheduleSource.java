package dev.tokenvault.nba.schedule;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the schedule comes from: the NBA's live feed by default, or a file or URL named by the
 * {@code NBA_SCHEDULE} setting. A fetched feed is cached on disk; when the feed cannot be reached, a
 * cached copy is used (and logged as stale) before giving up.
 */
public final class ScheduleSource {
  /** The NBA's public league schedule. */
  public static final URI NBA_FEED = URI.create("https://cdn.nba.com/static/json/staticData/scheduleLeagueV2.json");
  public static final String SETTING = "NBA_SCHEDULE";
  private static final Logger log = LoggerFactory.getLogger(ScheduleSource.class);

  private final URI location;
  private final Path cacheFile;
  private final Duration maxAge;
  private final HttpClient http;
  private final Clock clock;
  private volatile Season season;
  private volatile Instant loadedAt;

  public ScheduleSource(URI location, Path cacheFile, Duration maxAge, Clock clock) {
    this.location = location;
    this.cacheFile = cacheFile;
    this.maxAge = maxAge;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
        .followRedirects(HttpClient.Redirect.NORMAL).build();
  }

  /** Reads a setting value: an http(s) URL, a {@code file:} URL, or a plain path. */
  public static URI locationOf(String setting) {
    if (setting == null || setting.isBlank()) {
      return NBA_FEED;
    }
    String value = setting.trim();
    if (value.startsWith("http://") || value.startsWith("https://") || value.startsWith("file:")) {
      return URI.create(value);
    }
    return Path.of(value).toAbsolutePath().toUri();
  }

  /** The season, loaded once and then refreshed when older than the maximum age. */
  public Season season() {
    Season current = season;
    if (current != null && Duration.between(loadedAt, clock.instant()).compareTo(maxAge) < 0) {
      return current;
    }
    synchronized (this) {
      if (season == null || Duration.between(loadedAt, clock.instant()).compareTo(maxAge) >= 0) {
        season = load();
        loadedAt = clock.instant();
      }
      return season;
    }
  }

  private Season load() {
    if ("file".equals(location.getScheme())) {
      try {
        return ScheduleParser.parse(Files.readAllBytes(Path.of(location)), location.toString());
      } catch (IOException e) {
        throw new ScheduleException("The schedule file " + Path.of(location) + " cannot be read; check the "
            + SETTING + " setting", e);
      }
    }
    try {
      byte[] body = fetch();
      Season parsed = ScheduleParser.parse(body, location.toString());
      writeCache(body);
      return parsed;
    } catch (ScheduleException | IOException e) {
      if (cacheFile != null && Files.exists(cacheFile)) {
        log.warn("The schedule feed at {} failed ({}); using the cached copy from {}", location, e.getMessage(),
            lastModified());
        try {
          return ScheduleParser.parse(Files.readAllBytes(cacheFile), cacheFile.toString());
        } catch (IOException cacheFailure) {
          e.addSuppressed(cacheFailure);
        }
      }
      throw new ScheduleException("The NBA schedule feed at " + location + " could not be reached (" + e.getMessage()
          + "). Point the " + SETTING + " setting at a file or another URL.", e);
    }
  }

  private byte[] fetch() throws IOException {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(15))
          .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void writeCache(byte[] body) throws IOException {
    if (cacheFile == null) {
      return;
    }
    Files.createDirectories(cacheFile.toAbsolutePath().getParent());
    Path temp = Files.createTempFile(cacheFile.toAbsolutePath().getParent(), "schedule", ".tmp");
    Files.write(temp, body);
    Files.move(temp, cacheFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Object lastModified() {
    try {
      return Files.getLastModifiedTime(cacheFile);
    } catch (IOException e) {
      return "an unknown time";
    }
  }
}
