package dev.tokenvault.testing;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Plays the browser's part in a sign-in: follows the provider's redirect back to the callback. */
public final class Redirects {
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private Redirects() {}

  /** GETs {@code authorize} (a provider that consents at once) and returns the callback's query. */
  public static Map<String, String> followToCallback(URI authorize) throws Exception {
    HttpResponse<Void> response = BROWSER.send(HttpRequest.newBuilder(authorize).GET().build(),
        HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() != 302) {
      throw new AssertionError("expected a redirect from " + authorize + ", got " + response.statusCode());
    }
    return query(URI.create(response.headers().firstValue("Location").orElseThrow()));
  }

  public static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    for (String pair : uri.getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      query.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
          kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return query;
  }
}
