package dev.tokenvault.bench;

import dev.tokenvault.nba.AppSettings;
import dev.tokenvault.nba.NbaTodoistApp;
import java.lang.management.ManagementFactory;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app under a bounded load on loopback: signed-in clients at a fixed concurrency, each asking
 * again as soon as it has an answer, for a fixed time. The app runs in this process (sandbox mode,
 * H2), so the peak heap is the app's and the load generator's together.
 */
final class WebLoad {
  private WebLoad() {}

  static String table(Path season, int concurrency, Duration duration) throws Exception {
    Path data = Files.createTempDirectory("tokenvault-webload");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    var settings = AppSettings.fromEnvironment(Map.of("PORT", Integer.toString(port), "SANDBOX_PORT", "0",
        "DATA_DIR", data.toString(), "NBA_SCHEDULE", season.toString()));
    var out = new StringBuilder("## Web load: " + concurrency + " signed-in clients, " + duration.toSeconds()
        + " s per endpoint, loopback\n\n| endpoint | requests | requests/s | p50 (ms) | p99 (ms) | errors | peak heap (MiB) |\n"
        + "|---|---|---|---|---|---|---|\n");
    try (NbaTodoistApp app = NbaTodoistApp.start(settings)) {
      URI base = URI.create("http://127.0.0.1:" + port);
      List<HttpClient> clients = new ArrayList<>();
      for (int i = 0; i < concurrency; i++) {
        clients.add(signIn(app, base, "load-" + i));
      }
      for (String endpoint : List.of("/teams", "/account")) {
        out.append(measure(base.resolve(endpoint), clients, duration));
      }
    }
    return out.append('\n').toString();
  }

  private static HttpClient signIn(NbaTodoistApp app, URI base, String user) throws Exception {
    HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    URI authorize = URI.create(client.send(HttpRequest.newBuilder(base.resolve("/signin")).build(),
        HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow());
    URI callback = app.sandbox().approve(authorize, user);
    HttpResponse<Void> signedIn = client.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.discarding());
    if (signedIn.statusCode() != 302) {
      throw new IllegalStateException("Sign-in for the load failed with HTTP " + signedIn.statusCode());
    }
    return client;
  }

  private static String measure(URI target, List<HttpClient> clients, Duration duration) throws Exception {
    var memory = ManagementFactory.getMemoryMXBean();
    var peak = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    var errors = new AtomicLong();
    List<long[]> latencies;
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var sampler = pool.submit(() -> {
        while (System.nanoTime() < end) {
          peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
          Thread.sleep(20);
        }
        return null;
      });
      var futures = new ArrayList<Future<long[]>>();
      for (HttpClient client : clients) {
        futures.add(pool.submit(() -> {
          var mine = new long[1 << 20];
          int n = 0;
          var request = HttpRequest.newBuilder(target).GET().build();
          while (System.nanoTime() < end && n < mine.length) {
            long start = System.nanoTime();
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            mine[n++] = System.nanoTime() - start;
            if (response.statusCode() != 200) {
              errors.incrementAndGet();
            }
          }
          return Arrays.copyOf(mine, n);
        }));
      }
      latencies = new ArrayList<>();
      for (Future<long[]> f : futures) {
        latencies.add(f.get());
      }
      sampler.get();
    }
    long[] all = latencies.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    return String.format(Locale.ROOT, "| GET %s | %,d | %,.0f | %.2f | %.2f | %d | %d |%n", target.getPath(), all.length,
        all.length / (duration.toNanos() / 1e9), percentile(all, 0.50), percentile(all, 0.99), errors.get(),
        peak.get() / (1024 * 1024));
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
