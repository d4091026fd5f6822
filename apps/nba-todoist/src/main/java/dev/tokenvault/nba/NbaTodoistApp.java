package dev.tokenvault.nba;

import dev.tokenvault.ClientSecret;
import dev.tokenvault.Tokenvault;
import dev.tokenvault.crypto.Keyring;
import dev.tokenvault.nba.schedule.ScheduleSource;
import dev.tokenvault.nba.web.WebApp;
import dev.tokenvault.provider.ProviderProfile;
import dev.tokenvault.provider.ProviderRegistration;
import dev.tokenvault.provider.Providers;
import dev.tokenvault.sandbox.SandboxSettings;
import dev.tokenvault.sandbox.TodoistSandbox;
import dev.tokenvault.session.SessionSettings;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NBA → Todoist importer: a web app on Tokenvault. Without Todoist credentials it starts the
 * local Todoist sandbox and uses it, so it runs with nothing configured and no internet.
 */
public final class NbaTodoistApp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NbaTodoistApp.class);

  private final TodoistSandbox sandbox;
  private final Tokenvault vault;
  private final WebApp web;

  private NbaTodoistApp(AppSettings settings, Clock clock) {
    ProviderProfile profile;
    String clientId;
    String clientSecret;
    URI api;
    if (settings.sandboxMode()) {
      sandbox = TodoistSandbox.start(SandboxSettings.builder().port(settings.sandboxPort())
          .accessTokenLifetime(settings.sandboxTokenLifetime()).latency(settings.sandboxLatency()).build());
      // Short sandbox lifetimes would fall wholly inside a 5-minute window and refresh on every call.
      Duration window = settings.sandboxTokenLifetime().dividedBy(4);
      profile = Providers.todoistAt(sandbox.baseUri()).toBuilder()
          .refreshWindow(window.compareTo(ProviderProfile.DEFAULT_REFRESH_WINDOW) < 0 ? window : ProviderProfile.DEFAULT_REFRESH_WINDOW)
          .build();
      clientId = sandbox.settings().clientId();
      clientSecret = sandbox.settings().clientSecret();
      api = sandbox.baseUri();
    } else {
      sandbox = null;
      profile = Providers.todoist();
      clientId = settings.todoistClientId();
      clientSecret = settings.todoistClientSecret();
      api = URI.create("https://api.todoist.com");
    }
    var registration = new ProviderRegistration(profile, clientId, new ClientSecret(clientSecret),
        URI.create(settings.publicUrl() + "/callback"), List.of("data:read_write"));
    vault = Tokenvault.builder()
        .database(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword())
        .keyring(Keyring.fromEnvironment(System.getenv(), settings.dataDirectory().resolve("keyset.json")))
        .provider(registration)
        .cookieSessions(settings.cookieSessions())
        .sessionSettings(SessionSettings.DEFAULTS.withSecureCookie(settings.secureCookies()))
        .clock(clock)
        .build();
    var schedule = new ScheduleSource(ScheduleSource.locationOf(settings.schedule()),
        settings.dataDirectory().resolve("schedule-cache.json"), Duration.ofHours(6), clock);
    URI sandboxPage = sandbox == null ? null : sandbox.baseUri().resolve("/");
    web = new WebApp(new WebApp.Wiring(vault, schedule, api,
        id -> sandbox == null ? URI.create("https://app.todoist.com/app/project/" + id) : sandboxPage,
        settings.publicUrl(), sandboxPage == null ? null : sandboxPage.toString(),
        "https".equals(settings.publicUrl().getScheme()), clock))
        .start(settings.host(), settings.port());
  }

  /** Starts the app (and, in sandbox mode, the sandbox). */
  public static NbaTodoistApp start(AppSettings settings) {
    return new NbaTodoistApp(settings, Clock.systemUTC());
  }

  public int port() {
    return web.port();
  }

  /** The sandbox in sandbox mode, else null. */
  public TodoistSandbox sandbox() {
    return sandbox;
  }

  @Override
  public void close() {
    web.stop();
    vault.close();
    if (sandbox != null) {
      sandbox.close();
    }
  }

  public static void main(String[] args) {
    AppSettings settings;
    try {
      settings = AppSettings.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Cannot start: " + e.getMessage());
      System.exit(2);
      return;
    }
    NbaTodoistApp app = start(settings);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close));
    if (settings.sandboxMode()) {
      log.info("SANDBOX MODE: no TODOIST_CLIENT_ID is set, so the app uses the local Todoist sandbox at {}",
          app.sandbox().baseUri());
    }
    log.info("NBA → Todoist is running at {}", settings.publicUrl());
  }
}
