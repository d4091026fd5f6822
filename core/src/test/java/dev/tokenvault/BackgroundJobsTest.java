package dev.tokenvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {
  @Test
  void jobsRunRepeatedlyAndAFailureDoesNotStopThem() {
    var meters = new SimpleMeterRegistry();
    var runs = new AtomicInteger();
    var failing = new AtomicInteger();
    try (var jobs = new BackgroundJobs(meters)) {
      jobs.every(Duration.ofMillis(20), "counting", () -> {
        runs.incrementAndGet();
        return 2;
      });
      jobs.every(Duration.ofMillis(20), "failing", () -> {
        failing.incrementAndGet();
        throw new IllegalStateException("database down");
      });

      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3 && failing.get() >= 3);
    }
    assertThat(meters.counter("tokenvault.jobs.items", "job", "counting").count()).isGreaterThanOrEqualTo(6);
    assertThat(meters.counter("tokenvault.jobs.failures", "job", "failing").count()).isGreaterThanOrEqualTo(3);
    assertThat(meters.timer("tokenvault.jobs", "job", "counting").count()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void closingStopsTheJobs() throws Exception {
    var runs = new AtomicInteger();
    var jobs = new BackgroundJobs(new SimpleMeterRegistry());
    jobs.every(Duration.ofMillis(10), "counting", runs::incrementAndGet);
    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 1);
    jobs.close();
    int after = runs.get();
    Thread.sleep(100);
    assertThat(runs.get()).isLessThanOrEqualTo(after + 1);
  }
}
