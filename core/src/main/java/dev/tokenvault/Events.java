package dev.tokenvault;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans each event out to the audit table, a counter, and the application's listeners. A failing
 * listener or audit write is logged and never breaks the operation that emitted the event.
 */
final class Events implements Consumer<TokenvaultEvent> {
  private static final Logger log = LoggerFactory.getLogger(Events.class);

  private final List<Consumer<TokenvaultEvent>> sinks;
  private final MeterRegistry meters;

  Events(List<Consumer<TokenvaultEvent>> sinks, MeterRegistry meters) {
    this.sinks = List.copyOf(sinks);
    this.meters = meters;
  }

  @Override
  public void accept(TokenvaultEvent event) {
    meters.counter("tokenvault.events", "type", event.type().name().toLowerCase(java.util.Locale.ROOT)).increment();
    for (Consumer<TokenvaultEvent> sink : sinks) {
      try {
        sink.accept(event);
      } catch (RuntimeException e) {
        log.warn("Event sink failed for {} on connection {}: {}", event.type(), event.connectionId(), e.toString());
      }
    }
  }
}
