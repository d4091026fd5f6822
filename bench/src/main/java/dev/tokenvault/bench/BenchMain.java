package dev.tokenvault.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark with its peer in the same run and prints Markdown tables with ratios.
 * Arguments: {@code quick} (CI's smoke test, under three minutes) or {@code full} (the published
 * numbers), then optionally the sections to run: {@code hotpath sealing sessions storm import web}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    boolean full = args.length > 0 && args[0].equals("full");
    java.util.Set<String> only = java.util.Arrays.stream(args).filter(a -> !a.isBlank() && !a.equals("full") && !a.equals("quick"))
        .collect(java.util.stream.Collectors.toSet());
    java.util.function.Predicate<String> wanted = section -> only.isEmpty() || only.contains(section);
    var out = new StringBuilder();
    out.append("Mode: ").append(full ? "full" : "quick").append(" · ").append(LocalDate.now()).append(" · ")
        .append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
        .append(Runtime.getRuntime().maxMemory() / (1024 * 1024)).append(" MiB max heap, JDK ")
        .append(System.getProperty("java.version")).append("\n\n");

    if (wanted.test("hotpath")) {
      out.append(hotPath(full));
    }
    if (wanted.test("sealing")) {
      out.append(jmhTable("Sealing a token-sized secret (seal + open)", SealingBenchmark.class, full, 1,
          "jcaAesGcmSealAndOpen"));
    }
    if (wanted.test("sessions")) {
      out.append(jmhTable("Sessions", SessionBenchmark.class, full, 1, null));
    }
    if (wanted.test("storm")) {
      out.append(refreshStorm(full));
    }
    Path season = Path.of(System.getProperty("bench.season", "../../shared/data/nba/schedule-2025-26.json"));
    if (Files.exists(season)) {
      if (wanted.test("import")) {
        out.append(ImportLoad.table(season, full ? 30 : 2,
            full ? List.of(Duration.ZERO, Duration.ofMillis(100)) : List.of(Duration.ZERO)));
      }
      if (wanted.test("web")) {
        out.append(WebLoad.table(season, 16, full ? Duration.ofSeconds(20) : Duration.ofSeconds(3)));
      }
    } else {
      out.append("## Import\n\nSkipped: no season file at ").append(season.toAbsolutePath())
          .append(" (set -Dbench.season=PATH).\n\n");
    }

    System.out.println(out);
    Path report = Path.of("target", "bench-results.md");
    Files.createDirectories(report.getParent());
    Files.writeString(report, out.toString());
    System.out.println("Written to " + report.toAbsolutePath());
  }

  private static String hotPath(boolean full) throws RunnerException {
    var table = new StringBuilder("## Hot path: a valid access token (ops/s)\n\n"
        + "| database | threads | Tokenvault | Tokenvault, cache off | Spring OAuth2 client | ratio (cache on) | ratio (cache off) |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (int threads : new int[] {1, 2}) {
      Map<String, Double> score = new LinkedHashMap<>();
      for (RunResult r : run(HotPathBenchmark.class, full, threads)) {
        score.put(r.getParams().getParam("database") + "/" + r.getParams().getParam("client"), r.getPrimaryResult().getScore());
      }
      for (String db : new String[] {"h2", "postgres"}) {
        double tv = score.get(db + "/tokenvault");
        double nocache = score.get(db + "/tokenvault-nocache");
        double spring = score.get(db + "/spring");
        table.append(String.format(Locale.ROOT, "| %s | %d | %,.0f | %,.0f | %,.0f | %.1f× | %.1f× |%n",
            db, threads, tv, nocache, spring, tv / spring, nocache / spring));
      }
    }
    return table.append('\n').toString();
  }

  private static String jmhTable(String title, Class<?> benchmark, boolean full, int threads, String peer)
      throws RunnerException {
    var table = new StringBuilder("## " + title + " (ops/s)\n\n| benchmark | ops/s | ± error |" + (peer == null ? "" : " vs peer |")
        + "\n|---|---|---|" + (peer == null ? "" : "---|") + "\n");
    Collection<RunResult> results = run(benchmark, full, threads);
    double peerScore = results.stream().filter(r -> r.getParams().getBenchmark().endsWith(String.valueOf(peer)))
        .mapToDouble(r -> r.getPrimaryResult().getScore()).findFirst().orElse(Double.NaN);
    for (RunResult r : results) {
      String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
      double s = r.getPrimaryResult().getScore();
      table.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f |", name, s, r.getPrimaryResult().getScoreError()));
      if (peer != null) {
        table.append(String.format(Locale.ROOT, " %.2f× |", s / peerScore));
      }
      table.append('\n');
    }
    return table.append('\n').toString();
  }

  private static Collection<RunResult> run(Class<?> benchmark, boolean full, int threads) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(benchmark.getName())
        .forks(full ? 2 : 1)
        .warmupIterations(full ? 3 : 1).warmupTime(TimeValue.seconds(full ? 2 : 1))
        .measurementIterations(full ? 5 : 2).measurementTime(TimeValue.seconds(full ? 2 : 1))
        .threads(threads)
        .timeUnit(TimeUnit.SECONDS)
        .mode(org.openjdk.jmh.annotations.Mode.Throughput)
        .jvmArgsAppend("--enable-native-access=ALL-UNNAMED")
        .shouldFailOnError(true)
        .build();
    return new Runner(options).run();
  }

  private static String refreshStorm(boolean full) throws Exception {
    var table = new StringBuilder("## Refresh storm: N callers, one expired token, strict rotation, 50 ms provider\n\n"
        + "| side | callers | token endpoint calls | caller failures | stored grant still works | time to all answers (ms) |\n"
        + "|---|---|---|---|---|---|\n");
    List<RefreshStorm.Outcome> outcomes = new ArrayList<>();
    int[] sizes = full ? new int[] {1, 16, 64, 256} : new int[] {1, 16};
    for (int n : sizes) {
      outcomes.add(RefreshStorm.tokenvault(n, 1, "h2"));
      outcomes.add(RefreshStorm.spring(n));
    }
    outcomes.add(RefreshStorm.tokenvault(full ? 256 : 16, 2, "postgres"));
    for (RefreshStorm.Outcome o : outcomes) {
      table.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %d |%n", o.side(), o.callers(), o.tokenCalls(),
          o.failures(), o.grantAlive() ? "yes" : "**no**", o.millis()));
    }
    return table.append('\n').toString();
  }
}
