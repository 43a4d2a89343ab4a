package io.edgeplace.core.engine;

import io.edgeplace.core.plugins.ArchitecturePlugin;
import io.edgeplace.core.plugins.ImagePullCostPlugin;
import io.edgeplace.core.plugins.TrafficLocalityPlugin;
import io.edgeplace.core.plugins.UnitHealth;
import io.edgeplace.core.plugins.UnitSpreadPlugin;
import java.util.Objects;

/**
 * The tunable thresholds of the {@link DefaultPlugins} set, in one immutable value:
 * <ul>
 *   <li>unit connectivity: {@link UnitHealth} (stale after 50s, evicted after 5m);</li>
 *   <li>image pull cost: the assumed size of an image no node reports (200 MB) and the assumed
 *       uplink of a unit that declares none (1 Gbit/s);</li>
 *   <li>traffic locality: the cost per bit/s by distance ({@link TrafficLocalityPlugin.CostModel}, 1/10/100);</li>
 *   <li>architecture: cross-architecture compatibility (off) and the score of a compatible match (50);</li>
 *   <li>unit spread: what a unit's capacity is measured in (CPU).</li>
 * </ul>
 * The bandwidth reservations' lifetime belongs to the {@code BandwidthReservations} book handed
 * to {@link DefaultPlugins}. {@link #DEFAULTS} changes nothing; each builder setter validates at
 * once and throws {@link IllegalArgumentException} naming the value.
 *
 * <pre>{@code
 * PluginThresholds t = PluginThresholds.builder()
 *     .unitHealth(UnitHealth.of(Duration.ofMinutes(6), Duration.ofMinutes(10)))
 *     .defaultImageBytes(500L << 20)
 *     .build();
 * PlacementEngine engine = DefaultPlugins.builder(resolver, reservations, t).build();
 * }</pre>
 */
public final class PluginThresholds {

  /** Every default: the plugins as {@link DefaultPlugins#builder()} makes them. */
  public static final PluginThresholds DEFAULTS = builder().build();

  private final UnitHealth unitHealth;
  private final long defaultImageBytes;
  private final long unlimitedUplinkBitsPerSecond;
  private final TrafficLocalityPlugin.CostModel trafficCosts;
  private final boolean crossArchitectureCompatibility;
  private final int compatibleScore;
  private final UnitSpreadPlugin.Capacity spreadCapacity;

  private PluginThresholds(Builder b) {
    this.unitHealth = b.unitHealth;
    this.defaultImageBytes = b.defaultImageBytes;
    this.unlimitedUplinkBitsPerSecond = b.unlimitedUplinkBitsPerSecond;
    this.trafficCosts = b.trafficCosts;
    this.crossArchitectureCompatibility = b.crossArchitectureCompatibility;
    this.compatibleScore = b.compatibleScore;
    this.spreadCapacity = b.spreadCapacity;
  }

  public static Builder builder() {
    return new Builder();
  }

  public UnitHealth unitHealth() {
    return unitHealth;
  }

  public long defaultImageBytes() {
    return defaultImageBytes;
  }

  public long unlimitedUplinkBitsPerSecond() {
    return unlimitedUplinkBitsPerSecond;
  }

  public TrafficLocalityPlugin.CostModel trafficCosts() {
    return trafficCosts;
  }

  public boolean crossArchitectureCompatibility() {
    return crossArchitectureCompatibility;
  }

  public int compatibleScore() {
    return compatibleScore;
  }

  public UnitSpreadPlugin.Capacity spreadCapacity() {
    return spreadCapacity;
  }

  /** Equal when every threshold is. */
  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object o) {
    return o instanceof PluginThresholds t && unitHealth.staleAfter().equals(t.unitHealth.staleAfter())
        && unitHealth.evictionAfter().equals(t.unitHealth.evictionAfter()) && defaultImageBytes == t.defaultImageBytes
        && unlimitedUplinkBitsPerSecond == t.unlimitedUplinkBitsPerSecond && trafficCosts.equals(t.trafficCosts)
        && crossArchitectureCompatibility == t.crossArchitectureCompatibility && compatibleScore == t.compatibleScore
        && spreadCapacity == t.spreadCapacity;
  }

  @Override
  public int hashCode() {
    return Objects.hash(unitHealth.staleAfter(), unitHealth.evictionAfter(), defaultImageBytes,
        unlimitedUplinkBitsPerSecond, trafficCosts, crossArchitectureCompatibility, compatibleScore, spreadCapacity);
  }

  @Override
  public String toString() {
    return "PluginThresholds[staleAfter=" + unitHealth.staleAfter() + ", evictionAfter=" + unitHealth.evictionAfter()
        + ", defaultImageBytes=" + defaultImageBytes + ", unlimitedUplinkBitsPerSecond=" + unlimitedUplinkBitsPerSecond
        + ", trafficCosts=" + trafficCosts + ", crossArchitectureCompatibility=" + crossArchitectureCompatibility
        + ", compatibleScore=" + compatibleScore + ", spreadCapacity=" + spreadCapacity + "]";
  }

  /** Collects thresholds; {@link #build()} does not alter the builder. */
  public static final class Builder {
    private UnitHealth unitHealth = UnitHealth.defaults();
    private long defaultImageBytes = ImagePullCostPlugin.DEFAULT_IMAGE_BYTES;
    private long unlimitedUplinkBitsPerSecond = ImagePullCostPlugin.DEFAULT_UNLIMITED_UPLINK;
    private TrafficLocalityPlugin.CostModel trafficCosts = TrafficLocalityPlugin.CostModel.DEFAULT;
    private boolean crossArchitectureCompatibility;
    private int compatibleScore = ArchitecturePlugin.COMPATIBLE_SCORE;
    private UnitSpreadPlugin.Capacity spreadCapacity = UnitSpreadPlugin.Capacity.CPU;

    private Builder() {
    }

    /** When a node is stale and a unit disconnected, and when its pods are evicted. */
    public Builder unitHealth(UnitHealth health) {
      this.unitHealth = Objects.requireNonNull(health, "health");
      return this;
    }

    /** See {@link ImagePullCostPlugin.Builder#defaultImageBytes(long)}. */
    public Builder defaultImageBytes(long bytes) {
      ImagePullCostPlugin.builder().defaultImageBytes(bytes);
      this.defaultImageBytes = bytes;
      return this;
    }

    /** See {@link ImagePullCostPlugin.Builder#unlimitedUplinkBitsPerSecond(long)}. */
    public Builder unlimitedUplinkBitsPerSecond(long bitsPerSecond) {
      ImagePullCostPlugin.builder().unlimitedUplinkBitsPerSecond(bitsPerSecond);
      this.unlimitedUplinkBitsPerSecond = bitsPerSecond;
      return this;
    }

    /** The traffic locality plugin's cost per bit/s by distance. */
    public Builder trafficCosts(TrafficLocalityPlugin.CostModel costs) {
      this.trafficCosts = Objects.requireNonNull(costs, "costs");
      return this;
    }

    /** See {@link ArchitecturePlugin.Builder#crossArchitectureCompatibility(boolean)}. */
    public Builder crossArchitectureCompatibility(boolean on) {
      this.crossArchitectureCompatibility = on;
      return this;
    }

    /** See {@link ArchitecturePlugin.Builder#compatibleScore(int)}. */
    public Builder compatibleScore(int score) {
      ArchitecturePlugin.builder().compatibleScore(score);
      this.compatibleScore = score;
      return this;
    }

    /** What the unit spread plugin measures a unit's capacity in. */
    public Builder spreadCapacity(UnitSpreadPlugin.Capacity capacity) {
      this.spreadCapacity = Objects.requireNonNull(capacity, "capacity");
      return this;
    }

    public PluginThresholds build() {
      return new PluginThresholds(this);
    }
  }
}
