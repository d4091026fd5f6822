package dev.tokenvault.nba.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Headers, CSRF, isolation between users, and a token that expires mid-import, over plain HTTP. */
class WebSecurityTest {
  @TempDir Path folder;

  @Test
  void everyPageCarriesTheSecurityHeaders() throws Exception {
    try (var app = new RunningApp(folder, Map.of())) {
      HttpResponse<String> home = new HttpVisitor(app.base).get(app.base);
      assertThat(home.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline");
      assertThat(home.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
      assertThat(home.headers().firstValue("Referrer-Policy")).contains("same-origin");
      assertThat(home.headers().firstValue("Strict-Transport-Security")).as("plain http: no HSTS").isEmpty();

      HttpResponse<String> missing = new HttpVisitor(app.base).get(app.base.resolve("/nothing-here"));
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("Page not found");
    }
  }

  @Test
  void postsWithoutTokenOrFromAnotherOriginAreRefused() throws Exception {
    try (var app = new RunningApp(folder, Map.of())) {
      var visitor = new HttpVisitor(app.base);
      String teams = visitor.signIn("ann");
      String csrf = HttpVisitor.hiddenFields(teams).get("csrf");

      assertThat(visitor.post(app.base.resolve("/import"), Map.of("team", "BOS"), visitor.origin()).statusCode()).isEqualTo(403);
      assertThat(visitor.post(app.base.resolve("/import"), Map.of("team", "BOS", "csrf", "forged"), visitor.origin())
          .statusCode()).isEqualTo(403);
      assertThat(visitor.post(app.base.resolve("/import"), Map.of("team", "BOS", "csrf", csrf), "https://evil.example")
          .statusCode()).isEqualTo(403);
      assertThat(visitor.post(app.base.resolve("/signout"), Map.of("csrf", csrf), null).statusCode()).isEqualTo(403);
      assertThat(app.sandbox().tasks("ann")).isEmpty();
      assertThat(app.sandbox().grants()).noneMatch(g -> g.revoked());
    }
  }

  @Test
  void forgedCallbackAndDeniedConsentGetTheirOwnPages() throws Exception {
    try (var app = new RunningApp(folder, Map.of())) {
      var visitor = new HttpVisitor(app.base);
      visitor.get(app.base.resolve("/signin"));
      HttpResponse<String> forged = visitor.get(app.base.resolve("/callback?code=abc&state=forged"));
      assertThat(forged.statusCode()).isEqualTo(400);
      assertThat(forged.body()).contains("cannot be used");
      HttpResponse<String> denied = visitor.get(app.base.resolve("/callback?error=access_denied"));
      assertThat(denied.statusCode()).isEqualTo(403);
      assertThat(denied.body()).contains("declined");
      assertThat(new HttpVisitor(app.base).get(app.base.resolve("/teams")).statusCode()).as("no session").isEqualTo(401);
    }
  }

  @Test
  void twoUsersImportingAtOnceEachSeeOnlyTheirOwnTodoist() throws Exception {
    try (var app = new RunningApp(folder, Map.of())) {
      Callable<String> ann = () -> {
        var visitor = new HttpVisitor(app.base);
        return visitor.importTeam(visitor.signIn("ann"), "BOS");
      };
      Callable<String> bob = () -> {
        var visitor = new HttpVisitor(app.base);
        return visitor.importTeam(visitor.signIn("bob"), "NYK");
      };
      try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
        Future<String> a = pool.submit(ann);
        Future<String> b = pool.submit(bob);
        assertThat(a.get()).contains("Boston Celtics");
        assertThat(b.get()).contains("New York Knicks");
      }
      assertThat(app.sandbox().projects("ann")).extracting(p -> p.get("name")).contains("Boston Celtics 2025-26")
          .doesNotContain("New York Knicks 2025-26");
      assertThat(app.sandbox().projects("bob")).extracting(p -> p.get("name")).contains("New York Knicks 2025-26")
          .doesNotContain("Boston Celtics 2025-26");
      assertThat(app.sandbox().tasks("ann")).allMatch(t -> String.valueOf(t.get("content")).startsWith("Celtics"));
      assertThat(app.sandbox().tasks("bob")).allMatch(t -> String.valueOf(t.get("content")).startsWith("Knicks"));
    }
  }

  @Test
  void importThatOutlivesItsAccessTokenCompletes() throws Exception {
    // Two-second tokens and 400 ms per sandbox request: the import's token expires half-way.
    try (var app = new RunningApp(folder, Map.of("SANDBOX_TOKEN_LIFETIME", "2", "SANDBOX_LATENCY_MS", "400"))) {
      var visitor = new HttpVisitor(app.base);
      String result = visitor.importTeam(visitor.signIn("ann"), "BOS");

      assertThat(result).contains("<dd id=\"created\">5</dd>");
      assertThat(app.sandbox().refreshes()).isPositive();
      assertThat(app.sandbox().tasks("ann")).hasSize(5);
    }
  }
}
