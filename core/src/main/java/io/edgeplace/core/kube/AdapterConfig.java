package io.edgeplace.core.kube;

import io.edgeplace.api.WellKnownKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How the adapters read Kubernetes objects. Immutable; build with {@link #builder()}, or use
 * {@link #DEFAULT}.
 *
 * <ul>
 *   <li>{@code unitLabels}: the node's unit is the value of the first of these labels that the
 *       node carries with a non-empty value; default {@link WellKnownKeys#DEFAULT_UNIT_LABELS}.</li>
 *   <li>{@code defaultUnit}: the unit of a node that carries none of them; default
 *       {@value #DEFAULT_UNIT}, so that unlabelled nodes (typically the cloud control plane)
 *       form one unit together. With {@link Builder#unitPerUnlabeledNode()} each such node is
 *       instead a unit of its own, named after the node.</li>
 *   <li>{@code invalidValues}: {@link InvalidValues#FAIL} (default) throws
 *       {@link InvalidValueException} for a malformed value; {@link InvalidValues#IGNORE} logs a
 *       warning naming the object, field and value and treats the value as absent, which suits
 *       a live cluster where one bad annotation must not stop placement.</li>
 * </ul>
 */
public final class AdapterConfig {

  /** The default unit of nodes that carry no unit label. */
  public static final String DEFAULT_UNIT = "default";

  /** The default configuration. */
  public static final AdapterConfig DEFAULT = builder().build();

  /** What the adapters do with a malformed value. */
  public enum InvalidValues {
    /** Throw {@link InvalidValueException} naming object, field and value. */
    FAIL,
    /** Log a warning naming object, field and value, and treat the value as absent. */
    IGNORE
  }

  private final List<String> unitLabels;
  private final String defaultUnit;
  private final boolean unitPerUnlabeledNode;
  private final InvalidValues invalidValues;

  private AdapterConfig(Builder b) {
    this.unitLabels = List.copyOf(b.unitLabels);
    this.defaultUnit = b.defaultUnit;
    this.unitPerUnlabeledNode = b.unitPerUnlabeledNode;
    this.invalidValues = b.invalidValues;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> unitLabels() {
    return unitLabels;
  }

  public String defaultUnit() {
    return defaultUnit;
  }

  public boolean unitPerUnlabeledNode() {
    return unitPerUnlabeledNode;
  }

  public InvalidValues invalidValues() {
    return invalidValues;
  }

  /** A builder holding this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.unitLabels = unitLabels;
    b.defaultUnit = defaultUnit;
    b.unitPerUnlabeledNode = unitPerUnlabeledNode;
    b.invalidValues = invalidValues;
    return b;
  }

  @Override
  public String toString() {
    return "AdapterConfig{unitLabels=" + unitLabels + ", defaultUnit=" + (unitPerUnlabeledNode ? "<node name>"
        : defaultUnit) + ", invalidValues=" + invalidValues + "}";
  }

  /** Builds an {@link AdapterConfig}; each setter validates at once. */
  public static final class Builder {
    private List<String> unitLabels = WellKnownKeys.DEFAULT_UNIT_LABELS;
    private String defaultUnit = DEFAULT_UNIT;
    private boolean unitPerUnlabeledNode;
    private InvalidValues invalidValues = InvalidValues.FAIL;

    private Builder() {
    }

    /**
     * The unit label chain, first match wins.
     *
     * @throws IllegalArgumentException if empty, or a key is not a valid label key or repeats
     */
    public Builder unitLabels(List<String> keys) {
      Objects.requireNonNull(keys, "keys");
      if (keys.isEmpty()) {
        throw new IllegalArgumentException("the unit label chain is empty; Maybe WellKnownKeys.DEFAULT_UNIT_LABELS?");
      }
      List<String> copy = new ArrayList<>(keys.size());
      for (String k : keys) {
        Objects.requireNonNull(k, "unit label key");
        if (!Names.isLabelKey(k)) {
          throw new IllegalArgumentException("unit label key \"" + k + "\" is not a valid label key; "
              + "Maybe \"edgeplace.io/unit\"?");
        }
        if (copy.contains(k)) {
          throw new IllegalArgumentException("unit label key \"" + k + "\" appears twice in " + keys);
        }
        copy.add(k);
      }
      this.unitLabels = List.copyOf(copy);
      return this;
    }

    /**
     * The unit of nodes that carry no unit label (and turns off {@link #unitPerUnlabeledNode()}).
     *
     * @throws IllegalArgumentException if {@code name} is not a non-empty label value
     */
    public Builder defaultUnit(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || !Names.isLabelValue(name)) {
        throw new IllegalArgumentException("default unit \"" + name + "\" is not a non-empty label value "
            + "(up to 63 letters, digits, '-', '_' or '.'); Maybe \"default\"?");
      }
      this.defaultUnit = name;
      this.unitPerUnlabeledNode = false;
      return this;
    }

    /** Each node without a unit label becomes a unit of its own, named after the node. */
    public Builder unitPerUnlabeledNode() {
      this.unitPerUnlabeledNode = true;
      return this;
    }

    public Builder invalidValues(InvalidValues policy) {
      this.invalidValues = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public AdapterConfig build() {
      return new AdapterConfig(this);
    }
  }
}
