package dev.tokenvault.nba.web;

import dev.tokenvault.Tokenvault;
import dev.tokenvault.nba.importer.ImportOptions;
import dev.tokenvault.nba.importer.Importer;
import dev.tokenvault.nba.schedule.ScheduleSource;
import dev.tokenvault.nba.schedule.Season;
import dev.tokenvault.nba.schedule.Team;
import dev.tokenvault.nba.todoist.TodoistClient;
import dev.tokenvault.session.Session;
import dev.tokenvault.signin.SignInException;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every route of the app in one place. Handlers parse the request, call Tokenvault or the importer,
 * and render; the browser only ever holds an opaque session cookie.
 */
public final class WebApp {
  private static final Logger log = LoggerFactory.getLogger(WebApp.class);
  private static final String PROVIDER = "todoist";

  /** What the web layer needs from the rest of the app. */
  public record Wiring(
      Tokenvault vault, ScheduleSource schedule, URI todoistApi, Function<String, URI> projectLink,
      URI publicUrl, String sandboxUrl, boolean hsts, Clock clock) {}

  private final Wiring wiring;
  private final BrowserSession sessions;
  private final ImportJobs jobs = new ImportJobs();
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final Javalin server;

  public WebApp(Wiring wiring) {
    this.wiring = wiring;
    this.sessions = new BrowserSession(wiring.vault().sessions(), wiring.clock());
    this.server = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.staticFiles.add(files -> {
        files.hostedPath = "/static";
        files.directory = "/static";
        files.location = Location.CLASSPATH;
      });
      config.routes.before(this::securityHeaders);
      config.routes.before(this::refuseForgedPosts);
      config.routes.get("/", this::home);
      config.routes.get("/signin", this::signIn);
      config.routes.get("/callback", this::callback);
      config.routes.get("/teams", this::teams);
      config.routes.post("/import", this::startImport);
      config.routes.get("/imports/{id}", this::importPage);
      config.routes.sse("/imports/{id}/events", client -> {
        client.keepAlive();
        Thread.ofVirtual().start(() -> streamProgress(client));
      });
      config.routes.get("/account", this::account);
      config.routes.post("/signout", this::signOut);
      config.routes.get("/healthz", ctx -> ctx.result("ok"));
      config.routes.error(404, "*", ctx -> render(ctx, Problem.NOT_FOUND));
      config.routes.exception(Exception.class, (e, ctx) -> {
        Problem problem = Problem.of(e);
        if (problem.status() >= 500) {
          log.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
        }
        render(ctx, problem);
      });
    });
  }

  public WebApp start(String host, int port) {
    server.start(host, port);
    return this;
  }

  public int port() {
    return server.port();
  }

  public void stop() {
    server.stop();
  }

  // --- Filters -------------------------------------------------------------------------------

  private void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'");
    ctx.header("X-Content-Type-Options", "nosniff");
    // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on our own POSTs.
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    if (wiring.hsts()) {
      ctx.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
  }

  /** Every POST must come from our own origin and carry the session's CSRF token. */
  private void refuseForgedPosts(Context ctx) {
    if (!ctx.method().name().equals("POST")) {
      return;
    }
    String origin = Optional.ofNullable(ctx.header("Origin")).orElse(ctx.header("Referer"));
    String ours = wiring.publicUrl().getScheme() + "://" + wiring.publicUrl().getRawAuthority();
    Optional<Session> session = sessions.find(ctx);
    boolean sameOrigin = origin != null && (origin.equals(ours) || origin.startsWith(ours + "/"));
    if (!sameOrigin || session.isEmpty() || !BrowserSession.csrfMatches(session.get(), ctx.formParam("csrf"))) {
      render(ctx, session.isEmpty() ? Problem.SESSION_EXPIRED : Problem.FORGED);
      ctx.skipRemainingHandlers();
    }
  }

  // --- Pages ---------------------------------------------------------------------------------

  private void home(Context ctx) {
    if (signedIn(ctx).isPresent()) {
      ctx.redirect("/teams");
      return;
    }
    page(ctx, 200, "home", Map.of("frame", frame(ctx, "Import your team's games", 0)));
  }

  private void signIn(Context ctx) {
    Session session = sessions.findOrStart(ctx);
    URI go = wiring.vault().beginSignIn(PROVIDER, session.get(BrowserSession.BINDING), null, "/teams");
    ctx.redirect(go.toString());
  }

  private void callback(Context ctx) throws SignInException {
    Optional<Session> anonymous = sessions.find(ctx);
    if (anonymous.isEmpty() || anonymous.get().get(BrowserSession.BINDING) == null) {
      render(ctx, Problem.SESSION_EXPIRED);
      return;
    }
    Map<String, String> query = new HashMap<>();
    ctx.queryParamMap().forEach((k, v) -> query.put(k, v.isEmpty() ? null : v.get(0)));
    Tokenvault.SignedIn signedIn = wiring.vault().completeSignIn(PROVIDER, query, anonymous.get().get(BrowserSession.BINDING));
    sessions.signIn(ctx, anonymous.get(), signedIn.connection().userId(), signedIn.connection().id(),
        signedIn.connection().accountId());
    ctx.redirect("/teams");
  }

  private void teams(Context ctx) {
    if (signedIn(ctx).isEmpty()) {
      render(ctx, Problem.SESSION_EXPIRED);
      return;
    }
    Season season = wiring.schedule().season();
    page(ctx, 200, "teams", Map.of("frame", frame(ctx, "Pick a team", 0), "teams", season.teams(), "season", season.year()));
  }

  private void startImport(Context ctx) {
    Session session = signedIn(ctx).orElse(null);
    if (session == null) {
      render(ctx, Problem.SESSION_EXPIRED);
      return;
    }
    Season season = wiring.schedule().season();
    Optional<Team> team = season.team(String.valueOf(ctx.formParam("team")));
    ZoneId zone;
    try {
      zone = ZoneId.of(String.valueOf(ctx.formParam("zone")).trim());
    } catch (DateTimeException e) {
      render(ctx, new Problem(400, "That time zone is unknown",
          "Use a name like America/New_York or Europe/Berlin.", "/teams", "Back to the form"));
      return;
    }
    if (team.isEmpty()) {
      render(ctx, new Problem(400, "Pick a team first", "Choose one of the 30 teams, then import.", "/teams", "Back to the teams"));
      return;
    }
    Integer reminder = switch (String.valueOf(ctx.formParam("reminder"))) {
      case "0" -> 0;
      case "before" -> parseMinutes(ctx.formParam("minutes"));
      default -> null;
    };
    var options = new ImportOptions(team.get(), "season".equals(ctx.formParam("games")), "yes".equals(ctx.formParam("preseason")),
        "inbox".equals(ctx.formParam("where")) ? ImportOptions.Destination.INBOX_SECTION : ImportOptions.Destination.NEW_PROJECT,
        reminder, zone);
    String connection = session.get(BrowserSession.CONNECTION);
    String account = session.get(BrowserSession.ACCOUNT);
    var importer = new Importer(todoist(connection), account, wiring.projectLink(), wiring.clock());
    ImportJobs.Job job = jobs.start(session.userId(), team.get().fullName(), j -> importer.run(season, options, (done, total) -> {
      j.done = done;
      j.total = total;
    }));
    ctx.redirect("/imports/" + job.id, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** A page that calls Todoist with the user's token: who this app acts for. */
  private void account(Context ctx) {
    Session session = signedIn(ctx).orElse(null);
    if (session == null) {
      render(ctx, Problem.SESSION_EXPIRED);
      return;
    }
    Map<String, Object> user = todoist(session.get(BrowserSession.CONNECTION)).user();
    page(ctx, 200, "account", Map.of("frame", frame(ctx, "Your account", 0),
        "name", String.valueOf(user.getOrDefault("full_name", "")), "email", String.valueOf(user.getOrDefault("email", ""))));
  }

  private TodoistClient todoist(String connectionId) {
    var http = wiring.vault().httpClient(connectionId);
    return new TodoistClient(wiring.todoistApi(), request -> http.send(request, HttpResponse.BodyHandlers.ofString()),
        4, Duration.ofSeconds(1));
  }

  private static Integer parseMinutes(String value) {
    try {
      int minutes = Integer.parseInt(String.valueOf(value).trim());
      return minutes >= 1 && minutes <= 1440 ? minutes : 30;
    } catch (NumberFormatException e) {
      return 30;
    }
  }

  private void importPage(Context ctx) {
    Session session = signedIn(ctx).orElse(null);
    Optional<ImportJobs.Job> job = session == null ? Optional.empty() : jobs.find(ctx.pathParam("id"), session.userId());
    if (job.isEmpty()) {
      render(ctx, session == null ? Problem.SESSION_EXPIRED : Problem.NOT_FOUND);
      return;
    }
    ImportJobs.Job j = job.get();
    if (j.failure != null) {
      render(ctx, Problem.of(j.failure));
    } else if (j.result != null) {
      page(ctx, 200, "result", Map.of("frame", frame(ctx, "Import done", 0), "team", j.team, "result", j.result));
    } else {
      page(ctx, 200, "progress", Map.of("frame", frame(ctx, "Importing", 2), "jobId", j.id, "team", j.team,
          "done", j.done, "total", j.total));
    }
  }

  private void streamProgress(io.javalin.http.sse.SseClient client) {
    Context ctx = client.ctx();
    Session session = signedIn(ctx).orElse(null);
    Optional<ImportJobs.Job> job = session == null ? Optional.empty() : jobs.find(ctx.pathParam("id"), session.userId());
    if (job.isEmpty()) {
      client.sendEvent("done", "{}");
      client.close();
      return;
    }
    int lastDone = -1;
    while (!client.terminated()) {
      ImportJobs.Job j = job.get();
      if (j.done != lastDone) {
        lastDone = j.done;
        client.sendEvent("progress", "{\"done\":" + j.done + ",\"total\":" + j.total + "}");
      }
      if (j.finished()) {
        client.sendEvent("done", "{}");
        break;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    client.close();
  }

  private void signOut(Context ctx) {
    Optional<Session> session = sessions.find(ctx);
    if (session.isPresent()) {
      String connection = session.get().get(BrowserSession.CONNECTION);
      if (connection != null) {
        wiring.vault().disconnect(connection);
      }
      sessions.end(ctx, session.get());
    }
    ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
  }

  // --- Rendering -----------------------------------------------------------------------------

  private Optional<Session> signedIn(Context ctx) {
    return sessions.find(ctx).filter(s -> s.userId() != null && s.get(BrowserSession.CONNECTION) != null);
  }

  private Frame frame(Context ctx, String title, int refreshSeconds) {
    Optional<Session> session = sessions.find(ctx);
    boolean signedIn = session.map(s -> s.userId() != null).orElse(false);
    return new Frame(title, wiring.sandboxUrl(), signedIn, session.map(s -> s.get(BrowserSession.CSRF)).orElse(""), refreshSeconds);
  }

  private void render(Context ctx, Problem problem) {
    page(ctx, problem.status(), "error", Map.of("frame", frame(ctx, problem.heading(), 0), "heading", problem.heading(),
        "message", problem.message(), "actionHref", problem.actionHref(), "actionLabel", problem.actionLabel()));
  }

  private void page(Context ctx, int status, String template, Map<String, Object> model) {
    var output = new StringOutput();
    templates.render(template + ".jte", model, output);
    ctx.status(status).html(output.toString());
  }
}
