package dev.tokenvault.nba.importer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenvault.sandbox.TodoistSandbox;
import java.net.URI;
import java.net.URLDecoder;
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

/** Signs a user in at the sandbox the way a browser would, for tests that need a plain token. */
final class SandboxSignIn {
  private SandboxSignIn() {}

  static String accessToken(TodoistSandbox sandbox, String user) throws Exception {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    String redirect = "http://127.0.0.1:9/callback";
    String page = http.send(HttpRequest.newBuilder(sandbox.baseUri().resolve("/oauth/authorize?client_id=sandbox-client"
        + "&response_type=code&state=s&scope=data:read_write&redirect_uri=" + URLEncoder.encode(redirect, StandardCharsets.UTF_8)))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(page);
    while (m.find()) {
      fields.put(m.group(1), m.group(2).replace("&amp;", "&"));
    }
    fields.put("user", user);
    fields.put("decision", "allow");
    String location = http.send(post(sandbox.baseUri().resolve("/oauth/authorize"), fields), HttpResponse.BodyHandlers.ofString())
        .headers().firstValue("Location").orElseThrow();
    String code = URLDecoder.decode(location.replaceAll(".*[?&]code=([^&]+).*", "$1"), StandardCharsets.UTF_8);
    String body = http.send(post(sandbox.baseUri().resolve("/oauth/access_token"), Map.of("grant_type", "authorization_code",
        "code", code, "redirect_uri", redirect, "client_id", "sandbox-client", "client_secret", "sandbox-secret")),
        HttpResponse.BodyHandlers.ofString()).body();
    return new ObjectMapper().readTree(body).path("access_token").asText();
  }

  private static HttpRequest post(URI uri, Map<String, String> fields) {
    String body = fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
