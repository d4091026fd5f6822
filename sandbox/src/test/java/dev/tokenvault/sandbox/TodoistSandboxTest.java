package dev.tokenvault.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TodoistSandboxTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REDIRECT = "http://127.0.0.1:9/callback";

  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T12:00:00Z"));
  private final Clock clock = new Clock() {
    @Override public ZoneId getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(ZoneId zone) { return this; }
    @Override public Instant instant() { return now.get(); }
  };
  private final TodoistSandbox sandbox = TodoistSandbox.start(SandboxSettings.builder().clock(clock).projectLimit(3).build());
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  private void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  /** Plays the browser through the consent page; returns the callback's query. */
  private Map<String, String> consent(String user, String decision, String challenge) throws Exception {
    String query = "client_id=sandbox-client&response_type=code&state=st-1&scope=data:read_write,data:delete&redirect_uri="
        + URLEncoder.encode(REDIRECT, StandardCharsets.UTF_8)
        + (challenge == null ? "" : "&code_challenge=" + challenge + "&code_challenge_method=S256");
    String page = http.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/oauth/authorize?" + query)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page);
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
    }
    fields.put("user", user);
    fields.put("decision", decision);
    HttpResponse<String> redirect = http.send(form(sandbox.baseUri().resolve("/oauth/authorize"), fields, null),
        HttpResponse.BodyHandlers.ofString());
    assertThat(redirect.statusCode()).isEqualTo(302);
    return query(URI.create(redirect.headers().firstValue("Location").orElseThrow()));
  }

  private Map<String, Object> token(Map<String, String> fields) throws Exception {
    var all = new LinkedHashMap<>(fields);
    all.put("client_id", "sandbox-client");
    all.put("client_secret", "sandbox-secret");
    HttpResponse<String> response = http.send(form(sandbox.baseUri().resolve("/oauth/access_token"), all, null),
        HttpResponse.BodyHandlers.ofString());
    Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<>() {});
    body.put("status", response.statusCode());
    return body;
  }

  private Map<String, Object> signIn(String user) throws Exception {
    String code = consent(user, "allow", null).get("code");
    return token(Map.of("grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT));
  }

  private HttpResponse<String> api(String method, String path, String accessToken, Map<String, String> fields) throws Exception {
    if (method.equals("POST")) {
      return http.send(form(sandbox.baseUri().resolve(path), fields, accessToken), HttpResponse.BodyHandlers.ofString());
    }
    return http.send(HttpRequest.newBuilder(sandbox.baseUri().resolve(path)).header("Authorization", "Bearer " + accessToken).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Map<String, Object> sync(String accessToken, List<Map<String, Object>> commands) throws Exception {
    HttpResponse<String> response = api("POST", "/api/v1/sync", accessToken, Map.of("commands", JSON.writeValueAsString(commands)));
    Map<String, Object> body = JSON.readValue(response.body(), new TypeReference<>() {});
    body.put("status", response.statusCode());
    return body;
  }

  @Test
  void codeFlowWithPkceAndAWrongVerifier() throws Exception {
    String verifier = "verifier-0123456789-0123456789-0123456789-abc";
    Map<String, String> callback = consent("ann", "allow", Grants.s256(verifier));
    assertThat(callback).containsEntry("state", "st-1");

    Map<String, Object> wrong = token(Map.of("grant_type", "authorization_code", "code", callback.get("code"),
        "redirect_uri", REDIRECT, "code_verifier", "another-verifier-0123456789-0123456789-0123"));
    assertThat(wrong).containsEntry("status", 400).containsEntry("error", "invalid_grant");

    Map<String, String> again = consent("ann", "allow", Grants.s256(verifier));
    Map<String, Object> ok = token(Map.of("grant_type", "authorization_code", "code", again.get("code"),
        "redirect_uri", REDIRECT, "code_verifier", verifier));
    assertThat(ok).containsEntry("status", 200).containsKeys("access_token", "refresh_token").containsEntry("expires_in", 3600);
    Map<String, Object> replay = token(Map.of("grant_type", "authorization_code", "code", again.get("code"),
        "redirect_uri", REDIRECT, "code_verifier", verifier));
    assertThat(replay).containsEntry("error", "invalid_grant");
  }

  @Test
  void denyRedirectsWithAccessDenied() throws Exception {
    assertThat(consent("ann", "deny", null)).containsEntry("error", "access_denied").containsEntry("state", "st-1");
  }

  @Test
  void refreshTokensRotateWithAGraceAndReplayRevokesTheGrant() throws Exception {
    Map<String, Object> first = signIn("bob");
    String r1 = (String) first.get("refresh_token");
    Map<String, Object> second = token(Map.of("grant_type", "refresh_token", "refresh_token", r1));
    String r2 = (String) second.get("refresh_token");
    assertThat(r2).isNotNull().isNotEqualTo(r1);

    advance(Duration.ofSeconds(30));
    Map<String, Object> withinGrace = token(Map.of("grant_type", "refresh_token", "refresh_token", r1));
    assertThat(withinGrace).containsEntry("status", 200).containsKey("access_token").doesNotContainKey("refresh_token");

    advance(Duration.ofSeconds(31));
    assertThat(token(Map.of("grant_type", "refresh_token", "refresh_token", r1))).containsEntry("error", "invalid_grant");
    assertThat(token(Map.of("grant_type", "refresh_token", "refresh_token", r2)))
        .as("replay revoked the whole grant").containsEntry("error", "invalid_grant");
    assertThat(sandbox.isTokenActive((String) second.get("access_token"))).isFalse();
  }

  @Test
  void revocationEndsTheGrantAndAccessTokensExpire() throws Exception {
    Map<String, Object> tokens = signIn("cy");
    String access = (String) tokens.get("access_token");
    assertThat(api("GET", "/api/v1/user", access, null).statusCode()).isEqualTo(200);
    advance(Duration.ofHours(1));
    assertThat(api("GET", "/api/v1/user", access, null).statusCode()).isEqualTo(401);

    String fresh = (String) token(Map.of("grant_type", "refresh_token", "refresh_token", (String) tokens.get("refresh_token")))
        .get("access_token");
    var revoke = HttpRequest.newBuilder(sandbox.baseUri().resolve("/api/v1/revoke"))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("sandbox-client:sandbox-secret".getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("token=" + fresh)).build();
    assertThat(http.send(revoke, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    assertThat(api("GET", "/api/v1/user", fresh, null).statusCode()).isEqualTo(401);
    assertThat(sandbox.grants()).anyMatch(g -> g.user().equals("cy") && g.revoked());
  }

  @Test
  void syncIsIdempotentByUuidAndMapsTempIds() throws Exception {
    String access = (String) signIn("dee").get("access_token");
    var commands = List.<Map<String, Object>>of(
        Map.of("type", "project_add", "uuid", "u1", "temp_id", "p1", "args", Map.of("name", "Celtics", "color", "green")),
        Map.of("type", "item_add", "uuid", "u2", "temp_id", "i1",
            "args", Map.of("content", "Celtics vs Knicks", "project_id", "p1", "due", Map.of("date", "2025-10-22T23:30:00Z"))));

    Map<String, Object> first = sync(access, commands);
    Map<String, Object> retry = sync(access, commands);

    assertThat(first.get("sync_status")).isEqualTo(Map.of("u1", "ok", "u2", "ok"));
    assertThat(((Map<?, ?>) first.get("temp_id_mapping")).keySet().toString()).contains("p1", "i1");
    assertThat(retry.get("sync_status")).isEqualTo(first.get("sync_status"));
    assertThat(sandbox.tasks("dee")).hasSize(1);
    String projectId = (String) ((Map<?, ?>) first.get("temp_id_mapping")).get("p1");
    Map<String, Object> page = JSON.readValue(api("GET", "/api/v1/tasks?project_id=" + projectId, access, null).body(),
        new TypeReference<>() {});
    assertThat((List<?>) page.get("results")).hasSize(1);
  }

  @Test
  void limitsAndFaults() throws Exception {
    String access = (String) signIn("eve").get("access_token");
    var tooMany = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 101; i++) {
      tooMany.add(Map.of("type", "project_add", "uuid", "x" + i, "args", Map.of("name", "P" + i)));
    }
    assertThat(sync(access, tooMany)).containsEntry("status", 400).containsEntry("error_tag", "TOO_MANY_COMMANDS");

    var projects = new ArrayList<Map<String, Object>>();
    for (int i = 0; i < 3; i++) {
      projects.add(Map.of("type", "project_add", "uuid", "p" + i, "args", Map.of("name", "P" + i)));
    }
    Map<?, ?> status = (Map<?, ?>) sync(access, projects).get("sync_status");
    assertThat(status.get("p2")).asString().contains("MAX_PROJECTS_LIMIT_REACHED");

    sandbox.faults().rateLimitNext(1, Duration.ofSeconds(7));
    HttpResponse<String> limited = api("GET", "/api/v1/projects", access, null);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("7");

    sandbox.faults().failSyncAfterCommands(1);
    var two = List.<Map<String, Object>>of(
        Map.of("type", "item_add", "uuid", "a1", "args", Map.of("content", "one")),
        Map.of("type", "item_add", "uuid", "a2", "args", Map.of("content", "two")));
    assertThat(sync(access, two)).containsEntry("status", 503);
    assertThat(sandbox.tasks("eve")).hasSize(1);
    assertThat(sync(access, two).get("sync_status")).isEqualTo(Map.of("a1", "ok", "a2", "ok"));
    assertThat(sandbox.tasks("eve")).hasSize(2);
  }

  @Test
  void usersSeeOnlyTheirOwnTodoist() throws Exception {
    String ann = (String) signIn("ann").get("access_token");
    String bob = (String) signIn("bob").get("access_token");
    sync(ann, List.of(Map.of("type", "item_add", "uuid", "same-uuid", "args", Map.of("content", "ann's"))));
    sync(bob, List.of(Map.of("type", "item_add", "uuid", "same-uuid", "args", Map.of("content", "bob's"))));

    assertThat(sandbox.tasks("ann")).extracting(t -> t.get("content")).containsExactly("ann's");
    assertThat(sandbox.tasks("bob")).extracting(t -> t.get("content")).containsExactly("bob's");
  }

  private static HttpRequest form(URI uri, Map<String, String> fields, String bearer) {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    var builder = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      builder.header("Authorization", "Bearer " + bearer);
    }
    return builder.build();
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return query;
  }
}
