package io.edgeplace.simulator.policy;

/** Creates a fresh {@link Policy} for one simulation run, by name. */
public final class Policies {
  private Policies() {
  }

  /**
   * A new policy named {@code name} ({@code edgeplace} or {@code kube-default}); {@code seed}
   * seeds the baseline's tie-breaks.
   *
   * @throws IllegalArgumentException naming an unknown policy
   */
  public static Policy create(String name, long seed) {
    return switch (name) {
      case KubeDefaultPolicy.NAME -> new KubeDefaultPolicy(seed);
      case EdgeplacePolicy.NAME -> EdgeplacePolicy.create();
      default -> throw new IllegalArgumentException("policy \"" + name + "\" is not one of edgeplace, kube-default");
    };
  }
}
