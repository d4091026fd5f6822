package dev.tokenvault.nba.todoist;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part of Todoist's API v1 the importer uses. Writes go through {@code /api/v1/sync} in batches
 * of at most 100 commands; since every command carries a uuid, a batch that failed with 429, 5xx or a
 * broken connection is simply sent again. Token handling is the transport's job.
 */
public final class TodoistClient {
  /** At most this many commands per sync request (Todoist's limit). */
  public static final int MAX_COMMANDS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** Sends a request with the user's token (and refreshes it on 401). */
  @FunctionalInterface
  public interface Transport {
    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException;
  }

  /** What a sync request answered. */
  public record SyncResult(Map<String, Object> status, Map<String, String> tempIdMapping) {
    /** Commands Todoist refused, by uuid, with its error object. */
    public Map<String, Object> failures() {
      var failed = new LinkedHashMap<String, Object>();
      status.forEach((uuid, result) -> {
        if (!"ok".equals(result)) {
          failed.put(uuid, result);
        }
      });
      return failed;
    }
  }

  private final URI base;
  private final Transport transport;
  private final int attempts;
  private final Duration firstBackoff;
  private final AtomicInteger requestsSent = new AtomicInteger();

  /**
   * @param attempts how often a request is tried when Todoist is down or rate limiting
   * @param firstBackoff the pause after a 5xx or network failure, doubled each time
   */
  public TodoistClient(URI base, Transport transport, int attempts, Duration firstBackoff) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.transport = transport;
    this.attempts = attempts;
    this.firstBackoff = firstBackoff;
  }

  /** HTTP requests sent so far, retries included. */
  public int requestsSent() {
    return requestsSent.get();
  }

  public Map<String, Object> user() {
    return object(get("api/v1/user"));
  }

  public List<Map<String, Object>> projects() {
    return paged("api/v1/projects?");
  }

  public List<Map<String, Object>> sections(String projectId) {
    return paged("api/v1/sections?project_id=" + encode(projectId) + "&");
  }

  public List<Map<String, Object>> tasks(String projectId) {
    return paged("api/v1/tasks?project_id=" + encode(projectId) + "&");
  }

  /** Sends up to {@value #MAX_COMMANDS} commands in one request. */
  public SyncResult sync(List<Command> commands) {
    if (commands.size() > MAX_COMMANDS) {
      throw new IllegalArgumentException("At most " + MAX_COMMANDS + " commands per sync request, got " + commands.size());
    }
    var wire = new ArrayList<Map<String, Object>>();
    for (Command c : commands) {
      var command = new LinkedHashMap<String, Object>();
      command.put("type", c.type());
      command.put("uuid", c.uuid());
      if (c.tempId() != null) {
        command.put("temp_id", c.tempId());
      }
      command.put("args", c.args());
      wire.add(command);
    }
    String body = "commands=" + encode(write(wire));
    Map<String, Object> answer = object(send(() -> HttpRequest.newBuilder(base.resolve("api/v1/sync"))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build()));
    @SuppressWarnings("unchecked")
    Map<String, Object> status = answer.get("sync_status") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    var mapping = new LinkedHashMap<String, String>();
    if (answer.get("temp_id_mapping") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> mapping.put(String.valueOf(k), String.valueOf(v)));
    }
    return new SyncResult(status, mapping);
  }

  private List<Map<String, Object>> paged(String pathAndQuery) {
    var all = new ArrayList<Map<String, Object>>();
    String cursor = null;
    do {
      Map<String, Object> page = object(get(pathAndQuery + "limit=200" + (cursor == null ? "" : "&cursor=" + encode(cursor))));
      if (page.get("results") instanceof List<?> results) {
        for (Object result : results) {
          if (result instanceof Map<?, ?> map) {
            var entity = new LinkedHashMap<String, Object>();
            map.forEach((k, v) -> entity.put(String.valueOf(k), v));
            all.add(entity);
          }
        }
      }
      cursor = page.get("next_cursor") == null ? null : page.get("next_cursor").toString();
    } while (cursor != null);
    return all;
  }

  private String get(String pathAndQuery) {
    return send(() -> HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private interface RequestFactory {
    HttpRequest create();
  }

  /** Sends with bounded retries on 429 (as told by Retry-After), 5xx and network failures. */
  private String send(RequestFactory request) {
    Duration backoff = firstBackoff;
    TodoistException last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      HttpResponse<String> response;
      try {
        requestsSent.incrementAndGet();
        response = transport.send(request.create());
      } catch (IOException e) {
        last = new TodoistException(TodoistException.Reason.UNAVAILABLE,
            "Todoist could not be reached (" + e.getClass().getSimpleName() + "). Try again in a few minutes.", e);
        pause(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TodoistException(TodoistException.Reason.UNAVAILABLE, "Interrupted while talking to Todoist", e);
      }
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return response.body();
      }
      if (status == 401) {
        throw new TodoistException(TodoistException.Reason.UNAUTHORIZED,
            "Todoist no longer accepts this sign-in. Sign in again.", null);
      }
      if (status == 429) {
        Duration wait = retryAfter(response);
        last = new TodoistException(TodoistException.Reason.RATE_LIMITED,
            "Todoist is limiting requests right now. Try again in a few minutes.", null);
        if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
          throw last;
        }
        pause(wait);
        continue;
      }
      if (status >= 500) {
        last = new TodoistException(TodoistException.Reason.UNAVAILABLE,
            "Todoist is having trouble (HTTP " + status + "). Try again in a few minutes.", null);
        pause(backoff);
        backoff = backoff.multipliedBy(2);
        continue;
      }
      throw new TodoistException(TodoistException.Reason.BAD_REQUEST,
          "Todoist refused the request (HTTP " + status + ": " + errorOf(response.body()) + ")", null);
    }
    throw last;
  }

  private static Duration retryAfter(HttpResponse<String> response) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").trim())));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }

  private static String errorOf(String body) {
    try {
      Object error = object(body).get("error");
      return error == null ? "no details" : error.toString();
    } catch (TodoistException e) {
      return "no details";
    }
  }

  private static void pause(Duration wait) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Map<String, Object> object(String body) {
    try {
      return JSON.readValue(body, new TypeReference<>() {});
    } catch (IOException e) {
      throw new TodoistException(TodoistException.Reason.UNAVAILABLE, "Todoist sent an answer that is not JSON", e);
    }
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
