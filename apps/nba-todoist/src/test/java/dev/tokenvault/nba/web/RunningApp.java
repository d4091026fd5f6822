package dev.tokenvault.nba.web;

import dev.tokenvault.nba.AppSettings;
import dev.tokenvault.nba.NbaTodoistApp;
import dev.tokenvault.sandbox.TodoistSandbox;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The whole app on loopback (sandbox mode, H2 in a temp folder, the small schedule fixture). */
final class RunningApp implements AutoCloseable {
  final NbaTodoistApp app;
  final URI base;

  RunningApp(Path folder, Map<String, String> extra) {
    int port = freePort();
    Path schedule = folder.resolve("schedule.json");
    try (InputStream in = RunningApp.class.getResourceAsStream("/fixtures/schedule-small.json")) {
      Files.write(schedule, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new HashMap<>(Map.of(
        "PORT", Integer.toString(port),
        "SANDBOX_PORT", "0",
        "DATA_DIR", folder.toString(),
        "NBA_SCHEDULE", schedule.toString()));
    env.putAll(extra);
    base = URI.create("http://127.0.0.1:" + port);
    app = NbaTodoistApp.start(AppSettings.fromEnvironment(env));
  }

  TodoistSandbox sandbox() {
    return app.sandbox();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.close();
  }
}
