package dev.tokenvault.nba.web;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A person without a browser: an HTTP client with its own cookie jar that follows the app's flow. */
final class HttpVisitor {
  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final URI app;

  HttpVisitor(URI app) {
    this.app = app;
  }

  HttpResponse<String> get(URI uri) throws Exception {
    return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(URI uri, Map<String, String> fields, String origin) throws Exception {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    var request = HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (origin != null) {
      request.header("Origin", origin);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  String origin() {
    return app.getScheme() + "://" + app.getRawAuthority();
  }

  /** Signs in at the sandbox as {@code user}; returns the teams page. */
  String signIn(String user) throws Exception {
    URI authorize = location(get(app.resolve("/signin")));
    String consent = get(authorize).body();
    Map<String, String> fields = hiddenFields(consent);
    fields.put("user", user);
    fields.put("decision", "allow");
    URI callback = location(post(authorize.resolve("/oauth/authorize"), fields, null));
    URI teams = location(get(callback));
    return get(teams).body();
  }

  /** Starts an import of {@code tricode}'s whole season; returns the result page once done. */
  String importTeam(String teamsPage, String tricode) throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("csrf", hiddenFields(teamsPage).get("csrf"));
    form.put("team", tricode);
    form.put("games", "season");
    form.put("preseason", "yes");
    form.put("where", "project");
    form.put("reminder", "none");
    form.put("zone", "America/New_York");
    URI job = app.resolve(location(post(app.resolve("/import"), form, origin())).toString());
    for (int i = 0; i < 600; i++) {
      String page = get(job).body();
      if (!page.contains("data-events")) {
        return page;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the import did not finish");
  }

  static Map<String, String> hiddenFields(String page) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page);
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
    }
    return fields;
  }

  private URI location(HttpResponse<String> response) {
    if (response.statusCode() / 100 != 3) {
      throw new AssertionError("expected a redirect, got " + response.statusCode() + ": " + response.body());
    }
    return app.resolve(response.headers().firstValue("Location").orElseThrow());
  }
}
