package dev.tokenvault;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic maintenance on one daemon thread. Each job handles a bounded batch per run, is timed and
 * counted, and is safe to run on several instances at once (deletes are idempotent, refreshes take
 * the lease, re-sealing compares ciphertexts). A failing run is logged and the next one goes ahead.
 */
final class BackgroundJobs implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "tokenvault-jobs");
    thread.setDaemon(true);
    return thread;
  });
  private final MeterRegistry meters;

  BackgroundJobs(MeterRegistry meters) {
    this.meters = meters;
  }

  /** Runs {@code job} every {@code period}; the job returns how many items it handled. */
  void every(Duration period, String name, IntSupplier job) {
    Timer timer = meters.timer("tokenvault.jobs", "job", name);
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        int items = timer.recordCallable(job::getAsInt);
        meters.counter("tokenvault.jobs.items", "job", name).increment(items);
        if (items > 0) {
          log.debug("Job {} handled {} items", name, items);
        }
      } catch (Exception e) {
        meters.counter("tokenvault.jobs.failures", "job", name).increment();
        log.warn("Job {} failed: {}", name, e.getMessage());
      }
    }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
