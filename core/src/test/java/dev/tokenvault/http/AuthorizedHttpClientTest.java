package dev.tokenvault.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tokenvault.AccessToken;
import dev.tokenvault.testing.CapturedLogs;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuthorizedHttpClientTest {
  private final HttpServer server;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger statusToAnswer401Until = new AtomicInteger();
  private final AtomicInteger answers429 = new AtomicInteger();
  private final AtomicInteger refreshes = new AtomicInteger();
  private volatile String validToken = "token-1";

  AuthorizedHttpClientTest() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth);
        int status;
        if (answers429.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          exchange.getResponseHeaders().add("Retry-After", "0");
          status = 429;
        } else {
          status = ("Bearer " + validToken).equals(auth) ? 200 : 401;
        }
        exchange.sendResponseHeaders(status, -1);
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private AuthorizedHttpClient client(String current, String afterRefresh) {
    return AuthorizedHttpClient.builder(HttpClient.newHttpClient(), new BearerTokens() {
      @Override
      public AccessToken current() {
        return new AccessToken(current);
      }

      @Override
      public AccessToken afterRejection(AccessToken rejected) {
        refreshes.incrementAndGet();
        return new AccessToken(afterRefresh);
      }
    }).build();
  }

  private HttpRequest request(String method) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api"))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
  }

  @Test
  void addsTheBearerToken() throws Exception {
    HttpResponse<Void> response = client("token-1", "unused").send(request("GET"), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(authorizations).containsExactly("Bearer token-1");
    assertThat(refreshes).hasValue(0);
  }

  @Test
  void on401RefreshesOnceAndRetriesOnce() throws Exception {
    validToken = "token-2";
    HttpResponse<Void> response = client("token-1", "token-2").send(request("POST"), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(authorizations).containsExactly("Bearer token-1", "Bearer token-2");
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void aSecond401IsReturnedNotRetriedForever() throws Exception {
    validToken = "never";
    HttpResponse<Void> response = client("token-1", "token-2").send(request("GET"), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(authorizations).hasSize(2);
    assertThat(refreshes).hasValue(1);
  }

  @Test
  void rateLimitedGetIsRetriedAfterRetryAfter() throws Exception {
    answers429.set(1);
    HttpResponse<Void> response = client("token-1", "x").send(request("GET"), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(authorizations).hasSize(2);
  }

  @Test
  void rateLimitedPostIsNotRetried() throws Exception {
    answers429.set(1);
    HttpResponse<Void> response = client("token-1", "x").send(request("POST"), HttpResponse.BodyHandlers.discarding());

    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(authorizations).hasSize(1);
  }

  @Test
  void tokensNeverReachTheLogs() throws Exception {
    validToken = "token-after-refresh";
    try (var logs = new CapturedLogs()) {
      client("token-before-refresh", "token-after-refresh").send(request("GET"), HttpResponse.BodyHandlers.discarding());
      assertThat(logs.lines()).noneMatch(line -> line.contains("token-before-refresh") || line.contains("token-after-refresh"));
    }
  }
}
