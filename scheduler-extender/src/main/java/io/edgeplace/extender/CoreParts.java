package io.edgeplace.extender;

import java.time.InstantSource;

/** Assembles the core's pieces (engine, adapters, topology) for the options given. */
final class CoreParts {
  private CoreParts() {
  }

  static Extender.Parts create(Options options, ExtenderConfig config, InstantSource clock) {
    throw new IllegalStateException("the core engine is not wired into the extender yet");
  }
}
