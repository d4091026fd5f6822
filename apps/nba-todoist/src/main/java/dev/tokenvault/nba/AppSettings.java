package dev.tokenvault.nba;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * The app's settings, read from environment variables and checked at start-up: a bad value stops
 * the app with one sentence naming the setting.
 *
 * @param todoistClientId null runs on the local Todoist sandbox
 * @param sandboxPort where the sandbox listens in sandbox mode (0: any free port)
 * @param sandboxTokenLifetime access-token lifetime in the sandbox (short values show refreshes)
 * @param sandboxLatency added by the sandbox to every request, to imitate a distant Todoist
 */
public record AppSettings(
    String host,
    int port,
    URI publicUrl,
    String todoistClientId,
    String todoistClientSecret,
    String databaseUrl,
    String databaseUser,
    String databasePassword,
    Path dataDirectory,
    boolean cookieSessions,
    boolean secureCookies,
    String schedule,
    int sandboxPort,
    Duration sandboxTokenLifetime,
    Duration sandboxLatency) {

  /** Reads every setting; see the README for the list. */
  public static AppSettings fromEnvironment(Map<String, String> env) {
    String host = env.getOrDefault("HOST", "127.0.0.1");
    int port = integer(env, "PORT", 8080, 0, 65535);
    URI publicUrl = uri(env.getOrDefault("PUBLIC_URL", "http://" + host + ":" + port), "PUBLIC_URL");
    Path data = Path.of(env.getOrDefault("DATA_DIR", "data"));
    String clientId = blankToNull(env.get("TODOIST_CLIENT_ID"));
    String clientSecret = blankToNull(env.get("TODOIST_CLIENT_SECRET"));
    if (clientId != null && clientSecret == null) {
      throw new IllegalArgumentException("TODOIST_CLIENT_SECRET is required when TODOIST_CLIENT_ID is set");
    }
    String mode = env.getOrDefault("SESSION_MODE", "server").toLowerCase(Locale.ROOT);
    if (!mode.equals("server") && !mode.equals("cookie")) {
      throw new IllegalArgumentException("SESSION_MODE must be 'server' or 'cookie', was '" + mode + "'");
    }
    boolean loopback = "http".equals(publicUrl.getScheme())
        && ("127.0.0.1".equals(publicUrl.getHost()) || "localhost".equals(publicUrl.getHost()));
    if ("http".equals(publicUrl.getScheme()) && !loopback) {
      throw new IllegalArgumentException("PUBLIC_URL must be https unless it is a loopback address, was " + publicUrl);
    }
    boolean secure = Boolean.parseBoolean(env.getOrDefault("COOKIE_SECURE", Boolean.toString(!loopback)));
    return new AppSettings(host, port, publicUrl, clientId, clientSecret,
        env.getOrDefault("TOKENVAULT_DB_URL", "jdbc:h2:file:" + data.toAbsolutePath().resolve("tokenvault")),
        env.getOrDefault("TOKENVAULT_DB_USER", "sa"), env.getOrDefault("TOKENVAULT_DB_PASSWORD", ""),
        data, mode.equals("cookie"), secure, env.get("NBA_SCHEDULE"),
        integer(env, "SANDBOX_PORT", 8081, 0, 65535),
        Duration.ofSeconds(integer(env, "SANDBOX_TOKEN_LIFETIME", 3600, 1, 86_400)),
        Duration.ofMillis(integer(env, "SANDBOX_LATENCY_MS", 0, 0, 10_000)));
  }

  public boolean sandboxMode() {
    return todoistClientId == null;
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.trim());
      if (parsed < min || parsed > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + parsed);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, was '" + value + "'");
    }
  }

  private static URI uri(String value, String name) {
    try {
      URI uri = URI.create(value.replaceAll("/+$", ""));
      if (!uri.isAbsolute() || uri.getHost() == null) {
        throw new IllegalArgumentException(name + " must be an absolute URL such as https://nba.example.com, was " + value);
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " must be an absolute URL such as https://nba.example.com, was " + value, e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
