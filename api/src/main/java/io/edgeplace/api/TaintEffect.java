package io.edgeplace.api;

/** A taint's effect, spelled as in Kubernetes. */
public enum TaintEffect {
  NO_SCHEDULE("NoSchedule"),
  PREFER_NO_SCHEDULE("PreferNoSchedule"),
  NO_EXECUTE("NoExecute");

  private final String kubernetesName;

  TaintEffect(String kubernetesName) {
    this.kubernetesName = kubernetesName;
  }

  public String kubernetesName() {
    return kubernetesName;
  }

  /** @throws IllegalArgumentException naming the value */
  public static TaintEffect fromKubernetesName(String name) {
    for (TaintEffect e : values()) {
      if (e.kubernetesName.equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("taint effect \"" + name
        + "\" is not one of NoSchedule, PreferNoSchedule, NoExecute");
  }
}
