package dev.tokenvault.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Todoist-compatible provider on loopback: OAuth with Todoist's rotating refresh tokens, RFC 7009
 * revocation, and the API v1 subset the NBA importer uses ({@code /api/v1/sync}, projects, sections,
 * tasks, user) with Todoist's error format and failures on demand. State lives in memory.
 */
public final class TodoistSandbox implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_COMMANDS = 100;
  private static final int MAX_PAGE = 200;

  private final SandboxSettings settings;
  private final Grants grants;
  private final Faults faults = new Faults();
  private final Map<String, Workspace> workspaces = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Set<String> consentForms = ConcurrentHashMap.newKeySet();
  private final SecureRandom random = new SecureRandom();
  private final Javalin server;

  private TodoistSandbox(SandboxSettings settings) {
    this.settings = settings;
    this.grants = new Grants(settings);
    this.server = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.routes.get("/", this::overview);
      config.routes.get("/sandbox.css", ctx -> ctx.contentType("text/css").result(Html.CSS));
      config.routes.get("/oauth/authorize", this::consentPage);
      config.routes.post("/oauth/authorize", this::decide);
      config.routes.post("/oauth/access_token", this::token);
      config.routes.post("/oauth/revoke", this::revoke);
      config.routes.post("/api/v1/revoke", this::revoke);
      config.routes.before("/api/v1/*", this::apiGate);
      config.routes.get("/api/v1/user", ctx -> json(ctx, 200, workspace(ctx).user()));
      config.routes.post("/api/v1/sync", this::sync);
      config.routes.get("/api/v1/projects", ctx -> page(ctx, new ArrayList<>(workspace(ctx).projects.values())));
      config.routes.get("/api/v1/sections", ctx -> page(ctx, filter(workspace(ctx).sections, ctx.queryParam("project_id"))));
      config.routes.get("/api/v1/tasks", ctx -> page(ctx, filter(workspace(ctx).items, ctx.queryParam("project_id"))));
    });
    server.start("127.0.0.1", settings.port());
  }

  /** Starts a sandbox on 127.0.0.1. */
  public static TodoistSandbox start(SandboxSettings settings) {
    return new TodoistSandbox(settings);
  }

  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public SandboxSettings settings() {
    return settings;
  }

  public Faults faults() {
    return faults;
  }

  /** Whether a token (access or refresh) would still be accepted. */
  public boolean isTokenActive(String token) {
    return grants.isActive(token);
  }

  /** Each grant issued so far, by user. */
  public List<GrantView> grants() {
    return grants.views();
  }

  /** Tokens of a new grant for {@code user}, as if they had consented (no browser needed). */
  public IssuedTokens grant(String user) {
    workspaces.computeIfAbsent(user, name -> new Workspace(name, settings.projectLimit()));
    Grants.TokenAnswer answer = grants.grantDirectly(user, "data:read_write");
    return new IssuedTokens(answer.accessToken(), answer.refreshToken(), answer.expiresIn());
  }

  /** Tokens handed out by {@link #grant}. */
  public record IssuedTokens(String accessToken, String refreshToken, long expiresInSeconds) {
    @Override
    public String toString() {
      return "IssuedTokens[***]";
    }
  }

  /**
   * Approves an authorization request as {@code user}, as the consent page's Allow button would,
   * and returns where the browser would be sent (the client's redirect URI with code and state).
   */
  public URI approve(URI authorizationRequest, String user) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : String.valueOf(authorizationRequest.getRawQuery()).split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    String redirectUri = query.get("redirect_uri");
    if (!settings.clientId().equals(query.get("client_id")) || redirectUri == null || !isHttpUrl(redirectUri)) {
      throw new IllegalArgumentException("Not an authorization request for this sandbox's client");
    }
    return codeRedirect(user, redirectUri, query.get("code_challenge_method"), query.get("code_challenge"),
        query.get("scope"), query.get("state"));
  }

  /** Issues a code for {@code user} and builds the redirect that carries it back to the client. */
  private URI codeRedirect(String user, String redirectUri, String challengeMethod, String challenge, String scope,
      String state) {
    workspaces.computeIfAbsent(user, name -> new Workspace(name, settings.projectLimit()));
    String code = grants.issueCode(user, redirectUri, "S256".equals(challengeMethod) ? challenge : null, scope);
    return URI.create(redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + encode(code)
        + (state == null ? "" : "&state=" + encode(state)));
  }

  /** Every token the sandbox has issued, so tests can check that none leaked into a page or log. */
  public List<String> issuedTokens() {
    return grants.issuedTokens();
  }

  /** How many times any refresh token was used. */
  public int refreshes() {
    return grants.refreshCount();
  }

  /** How many requests reached an endpoint, e.g. {@code POST /api/v1/sync}. */
  public int requests(String endpoint) {
    AtomicInteger count = requests.get(endpoint);
    return count == null ? 0 : count.get();
  }

  public int totalApiRequests() {
    return requests.entrySet().stream().filter(e -> e.getKey().contains("/api/v1/"))
        .mapToInt(e -> e.getValue().get()).sum();
  }

  /** A user's projects, as Todoist would list them. */
  public List<Map<String, Object>> projects(String user) {
    Workspace w = workspaces.get(user);
    if (w == null) {
      return List.of();
    }
    synchronized (w) {
      return w.projects.values().stream().map(p -> (Map<String, Object>) new LinkedHashMap<>(p)).toList();
    }
  }

  /** A user's tasks (all projects). */
  public List<Map<String, Object>> tasks(String user) {
    Workspace w = workspaces.get(user);
    if (w == null) {
      return List.of();
    }
    synchronized (w) {
      return w.items.values().stream().map(i -> (Map<String, Object>) new LinkedHashMap<>(i)).toList();
    }
  }

  @Override
  public void close() {
    server.stop();
  }

  // --- OAuth -------------------------------------------------------------------------------

  private void consentPage(Context ctx) {
    String clientId = ctx.queryParam("client_id");
    String redirectUri = ctx.queryParam("redirect_uri");
    if (!settings.clientId().equals(clientId) || redirectUri == null || !isHttpUrl(redirectUri)) {
      ctx.status(400).html(Html.page("Sign-in error", "<div class=\"card\"><h1>Unknown application</h1>"
          + "<p>The client id or redirect URI is not registered with this sandbox.</p></div>"));
      return;
    }
    if (!"code".equals(ctx.queryParam("response_type"))) {
      redirectWithError(ctx, redirectUri, "unsupported_response_type", ctx.queryParam("state"));
      return;
    }
    String form = newToken();
    consentForms.add(form);
    String scope = ctx.queryParamAsClass("scope", String.class).getOrDefault("data:read");
    var hidden = new StringBuilder();
    for (String name : List.of("client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method")) {
      String value = ctx.queryParam(name);
      if (value != null) {
        hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"").append(Html.escape(value)).append("\">");
      }
    }
    ctx.html(Html.page("Allow access to your Todoist?", """
        <div class="card"><h1>Allow <em>%s</em> to access your Todoist?</h1>
        <p>It asks for: <strong>%s</strong></p>
        <form method="post" action="/oauth/authorize">%s
        <input type="hidden" name="form" value="%s">
        <label for="user">Todoist user</label>
        <input type="text" id="user" name="user" value="sandbox-user" autocomplete="username" required>
        <button class="allow" type="submit" name="decision" value="allow" id="allow">Allow</button>
        <button type="submit" name="decision" value="deny" id="deny">Deny</button>
        </form></div>
        """.formatted(Html.escape(clientId), Html.escape(scope.replace(",", ", ")), hidden, form)));
  }

  private void decide(Context ctx) {
    String redirectUri = ctx.formParam("redirect_uri");
    if (!consentForms.remove(String.valueOf(ctx.formParam("form"))) || redirectUri == null
        || !settings.clientId().equals(ctx.formParam("client_id")) || !isHttpUrl(redirectUri)) {
      ctx.status(400).html(Html.page("Sign-in error",
          "<div class=\"card\"><h1>This consent form expired</h1><p>Go back to the application and sign in again.</p></div>"));
      return;
    }
    String state = ctx.formParam("state");
    if (!"allow".equals(ctx.formParam("decision"))) {
      redirectWithError(ctx, redirectUri, "access_denied", state);
      return;
    }
    String user = String.valueOf(ctx.formParam("user")).trim();
    if (!user.matches("[A-Za-z0-9._-]{1,40}")) {
      user = "sandbox-user";
    }
    ctx.redirect(codeRedirect(user, redirectUri, ctx.formParam("code_challenge_method"), ctx.formParam("code_challenge"),
        ctx.formParam("scope"), state).toString());
  }

  private void token(Context ctx) {
    count(ctx);
    delay();
    try {
      authenticateClient(ctx);
      Grants.TokenAnswer answer = switch (String.valueOf(ctx.formParam("grant_type"))) {
        case "authorization_code" -> grants.exchange(String.valueOf(ctx.formParam("code")),
            String.valueOf(ctx.formParam("redirect_uri")), ctx.formParam("code_verifier"));
        case "refresh_token" -> grants.refresh(String.valueOf(ctx.formParam("refresh_token")));
        default -> throw new OAuthError(400, "unsupported_grant_type", "grant_type must be authorization_code or refresh_token");
      };
      var body = new LinkedHashMap<String, Object>();
      body.put("access_token", answer.accessToken());
      body.put("token_type", "Bearer");
      body.put("expires_in", answer.expiresIn());
      if (answer.refreshToken() != null) {
        body.put("refresh_token", answer.refreshToken());
      }
      body.put("scope", answer.scope());
      ctx.header("Cache-Control", "no-store");
      json(ctx, 200, body);
    } catch (OAuthError e) {
      json(ctx, e.status, Map.of("error", e.code, "error_description", e.getMessage()));
    }
  }

  private void revoke(Context ctx) {
    count(ctx);
    try {
      authenticateClient(ctx);
    } catch (OAuthError e) {
      json(ctx, e.status, Map.of("error", e.code));
      return;
    }
    String token = ctx.formParam("token");
    if (token == null) {
      json(ctx, 400, Map.of("error", "invalid_request", "error_description", "token is required"));
      return;
    }
    grants.revoke(token);
    ctx.status(200);
  }

  private void authenticateClient(Context ctx) throws OAuthError {
    String id = ctx.formParam("client_id");
    String secret = ctx.formParam("client_secret");
    String basic = ctx.header("Authorization");
    if (basic != null && basic.startsWith("Basic ")) {
      String[] pair = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8).split(":", 2);
      id = java.net.URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
      secret = pair.length > 1 ? java.net.URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
    }
    if (!settings.clientId().equals(id) || !settings.clientSecret().equals(secret)) {
      throw new OAuthError(401, "invalid_client", "Client authentication failed");
    }
  }

  private void redirectWithError(Context ctx, String redirectUri, String error, String state) {
    ctx.redirect(redirectUri + (redirectUri.contains("?") ? "&" : "?") + "error=" + error
        + (state == null ? "" : "&state=" + encode(state)));
  }

  // --- API ---------------------------------------------------------------------------------

  private void apiGate(Context ctx) {
    count(ctx);
    delay();
    if (ctx.path().equals("/api/v1/revoke")) {
      return;
    }
    Duration retryAfter = faults.takeRateLimit();
    if (retryAfter != null) {
      ctx.header("Retry-After", Long.toString(retryAfter.toSeconds()));
      halt(ctx, 429, Workspace.error(429, 429, "TOO_MANY_REQUESTS", "Too many requests. Try again later."));
      return;
    }
    if (faults.takeServerError()) {
      halt(ctx, 503, Workspace.error(503, 503, "SERVICE_UNAVAILABLE", "Service unavailable"));
      return;
    }
    String auth = ctx.header("Authorization");
    String user = auth != null && auth.startsWith("Bearer ") ? grants.userFor(auth.substring(7)) : null;
    if (user == null) {
      halt(ctx, 401, Workspace.error(401, 401, "AUTH_INVALID_TOKEN", "Invalid token"));
      return;
    }
    ctx.attribute("user", user);
  }

  private static void halt(Context ctx, int status, Object body) {
    json(ctx, status, body);
    ctx.skipRemainingHandlers();
  }

  private Workspace workspace(Context ctx) {
    return workspaces.get((String) ctx.attribute("user"));
  }

  private void sync(Context ctx) throws Exception {
    Workspace w = workspace(ctx);
    String commandsJson = ctx.formParam("commands");
    String resourceTypes = ctx.formParam("resource_types");
    if (ctx.contentType() != null && ctx.contentType().startsWith("application/json")) {
      Map<String, Object> body = JSON.readValue(ctx.body(), new TypeReference<>() {});
      commandsJson = body.get("commands") == null ? null : toJson(body.get("commands"));
      resourceTypes = body.get("resource_types") == null ? null : toJson(body.get("resource_types"));
    }
    var answer = new LinkedHashMap<String, Object>();
    synchronized (w) {
      if (commandsJson != null) {
        List<Map<String, Object>> commands;
        try {
          commands = JSON.readValue(commandsJson, new TypeReference<>() {});
        } catch (Exception e) {
          json(ctx, 400, Workspace.error(400, 20, "INVALID_ARGUMENT_VALUE", "commands is not a JSON array of commands"));
          return;
        }
        if (commands.size() > MAX_COMMANDS) {
          json(ctx, 400, Workspace.error(400, 36, "TOO_MANY_COMMANDS", "Too many commands: at most " + MAX_COMMANDS + " per request"));
          return;
        }
        int limit = faults.takeSyncLimit();
        var status = new LinkedHashMap<String, Object>();
        var mapping = new LinkedHashMap<String, String>();
        for (int i = 0; i < commands.size(); i++) {
          if (limit >= 0 && i >= limit) {
            json(ctx, 503, Workspace.error(503, 503, "SERVICE_UNAVAILABLE", "Service unavailable, try again"));
            return;
          }
          Map<String, Object> command = commands.get(i);
          String uuid = String.valueOf(command.get("uuid"));
          Object done = w.processedCommands.get(uuid);
          if (done == null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> args = command.get("args") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            String tempId = command.get("temp_id") == null ? null : command.get("temp_id").toString();
            done = w.execute(String.valueOf(command.get("type")), args, tempId);
            w.processedCommands.put(uuid, done);
          }
          status.put(uuid, done);
          Object tempId = command.get("temp_id");
          if (tempId != null && w.tempIds.containsKey(tempId.toString())) {
            mapping.put(tempId.toString(), w.tempIds.get(tempId.toString()));
          }
        }
        answer.put("sync_status", status);
        answer.put("temp_id_mapping", mapping);
      }
      if (resourceTypes != null) {
        List<String> types = JSON.readValue(resourceTypes, new TypeReference<>() {});
        boolean all = types.contains("all");
        if (all || types.contains("projects")) {
          answer.put("projects", new ArrayList<>(w.projects.values()));
        }
        if (all || types.contains("sections")) {
          answer.put("sections", new ArrayList<>(w.sections.values()));
        }
        if (all || types.contains("items")) {
          answer.put("items", new ArrayList<>(w.items.values()));
        }
        answer.put("full_sync", true);
      }
      answer.put("sync_token", newToken());
      json(ctx, 200, answer);
    }
  }

  private static List<Map<String, Object>> filter(Map<String, Map<String, Object>> entities, String projectId) {
    return entities.values().stream()
        .filter(e -> projectId == null || projectId.equals(String.valueOf(e.get("project_id"))))
        .toList();
  }

  /** Todoist v1's cursor pagination: {@code results} and {@code next_cursor}. */
  private void page(Context ctx, List<Map<String, Object>> all) {
    Workspace w = workspace(ctx);
    List<Map<String, Object>> snapshot;
    synchronized (w) {
      snapshot = all.stream().map(e -> (Map<String, Object>) new LinkedHashMap<>(e)).toList();
    }
    int limit = Math.min(MAX_PAGE, Math.max(1, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(50)));
    int from = 0;
    String cursor = ctx.queryParam("cursor");
    if (cursor != null) {
      try {
        from = Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        json(ctx, 400, Workspace.error(400, 20, "INVALID_ARGUMENT_VALUE", "Invalid cursor"));
        return;
      }
    }
    int to = Math.min(snapshot.size(), from + limit);
    var body = new LinkedHashMap<String, Object>();
    body.put("results", from >= snapshot.size() ? List.of() : snapshot.subList(from, to));
    body.put("next_cursor", to < snapshot.size()
        ? Base64.getUrlEncoder().withoutPadding().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8))
        : null);
    json(ctx, 200, body);
  }

  // --- Pages -------------------------------------------------------------------------------

  private void overview(Context ctx) {
    var body = new StringBuilder("<h1>Todoist sandbox</h1>");
    if (workspaces.isEmpty()) {
      body.append("<p>No one has signed in yet.</p>");
    }
    for (Workspace w : workspaces.values().stream().sorted(Comparator.comparing(x -> x.name)).toList()) {
      synchronized (w) {
        body.append("<section class=\"card\"><h2>").append(Html.escape(w.name)).append("</h2>");
        for (Map<String, Object> project : w.projects.values()) {
          List<Map<String, Object>> tasks = filter(w.items, String.valueOf(project.get("id")));
          body.append("<h3>").append(Html.escape(project.get("name"))).append(" (").append(tasks.size()).append(" tasks)</h3>");
          if (!tasks.isEmpty()) {
            body.append("<table><tr><th>Task</th><th>Due</th></tr>");
            for (Map<String, Object> task : tasks) {
              Object due = task.get("due") instanceof Map<?, ?> d ? d.get("date") : null;
              body.append("<tr><td>").append(Html.escape(task.get("content"))).append("</td><td>")
                  .append(Html.escape(due)).append("</td></tr>");
            }
            body.append("</table>");
          }
        }
        body.append("</section>");
      }
    }
    body.append("<h2>Grants</h2><table><tr><th>User</th><th>Scope</th><th>Refreshes</th><th>State</th></tr>");
    for (GrantView grant : grants.views()) {
      body.append("<tr><td>").append(Html.escape(grant.user())).append("</td><td>").append(Html.escape(grant.scope()))
          .append("</td><td>").append(grant.refreshes()).append("</td><td class=\"")
          .append(grant.revoked() ? "revoked\">revoked" : "active\">active").append("</td></tr>");
    }
    body.append("</table>");
    ctx.html(Html.page("Todoist sandbox", body.toString()));
  }

  // --- Plumbing ----------------------------------------------------------------------------

  private void count(Context ctx) {
    requests.computeIfAbsent(ctx.method() + " " + ctx.path(), k -> new AtomicInteger()).incrementAndGet();
  }

  private void delay() {
    if (!settings.latency().isZero()) {
      try {
        Thread.sleep(settings.latency());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(toJson(body));
  }

  private static String toJson(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean isHttpUrl(String uri) {
    try {
      URI parsed = URI.create(uri);
      return parsed.isAbsolute() && ("http".equals(parsed.getScheme()) || "https".equals(parsed.getScheme()));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String newToken() {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
