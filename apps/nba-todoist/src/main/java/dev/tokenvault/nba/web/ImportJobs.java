package dev.tokenvault.nba.web;

import dev.tokenvault.nba.importer.ImportResult;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Imports running or finished, each owned by the user who started it. Kept in memory; finished
 * imports are forgotten after an hour (the tasks are in Todoist, the page was only a receipt).
 */
final class ImportJobs {
  private static final java.time.Duration KEEP_FINISHED = java.time.Duration.ofHours(1);

  /** One import: its progress while it runs, then its result or its failure. */
  static final class Job {
    final String id;
    final String userId;
    final String team;
    volatile int done;
    volatile int total;
    volatile ImportResult result;
    volatile RuntimeException failure;
    volatile java.time.Instant finishedAt;

    Job(String id, String userId, String team) {
      this.id = id;
      this.userId = userId;
      this.team = team;
    }

    boolean finished() {
      return result != null || failure != null;
    }
  }

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** Starts {@code work} on a virtual thread; it reports progress through the job it is given. */
  Job start(String userId, String team, Function<Job, ImportResult> work) {
    java.time.Instant cutoff = java.time.Instant.now().minus(KEEP_FINISHED);
    jobs.values().removeIf(j -> j.finishedAt != null && j.finishedAt.isBefore(cutoff));
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    Job job = new Job(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), userId, team);
    jobs.put(job.id, job);
    Thread.ofVirtual().name("import-" + job.id).start(() -> {
      try {
        job.result = work.apply(job);
      } catch (RuntimeException e) {
        job.failure = e;
      } finally {
        job.finishedAt = java.time.Instant.now();
      }
    });
    return job;
  }

  /** The job, if it exists and belongs to this user. */
  Optional<Job> find(String id, String userId) {
    Job job = jobs.get(id);
    return job != null && job.userId.equals(userId) ? Optional.of(job) : Optional.empty();
  }
}
