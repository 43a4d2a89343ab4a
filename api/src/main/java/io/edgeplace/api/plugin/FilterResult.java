package io.edgeplace.api.plugin;

import java.util.Objects;

/**
 * The outcome of a filter, from a small closed set: {@link Pass}, or a {@link Rejection} whose
 * {@link Code} says whether waiting can fix it.
 */
public sealed interface FilterResult permits FilterResult.Pass, FilterResult.Rejection {

  static FilterResult pass() {
    return Pass.INSTANCE;
  }

  /** Rejected for a reason that may go away (bandwidth frees up, the uplink comes back). */
  static Rejection unschedulable(String plugin, String reason, String message) {
    return new Rejection(Code.UNSCHEDULABLE, plugin, reason, message);
  }

  /** Rejected for a reason that waiting cannot fix (wrong architecture, missing runtime). */
  static Rejection unresolvable(String plugin, String reason, String message) {
    return new Rejection(Code.UNSCHEDULABLE_AND_UNRESOLVABLE, plugin, reason, message);
  }

  /** The plugin failed; the node is not considered. */
  static Rejection error(String plugin, String message) {
    return new Rejection(Code.ERROR, plugin, "Error", message);
  }

  boolean passed();

  /** The node passed. */
  enum Pass implements FilterResult {
    INSTANCE;

    @Override
    public boolean passed() {
      return true;
    }
  }

  /** Why a rejection happened, as kube-scheduler's framework status codes. */
  enum Code {
    /** May change without the pod changing: retry later. */
    UNSCHEDULABLE,
    /** Cannot change without the pod or the node changing. */
    UNSCHEDULABLE_AND_UNRESOLVABLE,
    /** The plugin failed. */
    ERROR
  }

  /**
   * A rejection.
   *
   * @param code    whether it can resolve by itself
   * @param plugin  the plugin's name
   * @param reason  a constant of the plugin, such as {@code ArchitectureMismatch}: stable, for
   *                metrics and machines
   * @param message a sentence for people that names the values, such as
   *                {@code node arch linux/arm/v7 is not among the platforms of image nginx:1.27 (linux/amd64, linux/arm64/v8)}
   */
  record Rejection(Code code, String plugin, String reason, String message) implements FilterResult {
    public Rejection {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(plugin, "plugin");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public boolean passed() {
      return false;
    }
  }
}
