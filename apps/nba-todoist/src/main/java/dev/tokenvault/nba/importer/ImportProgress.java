package dev.tokenvault.nba.importer;

/** Told as games are written, for a progress bar. */
@FunctionalInterface
public interface ImportProgress {
  void progress(int done, int total);
}
