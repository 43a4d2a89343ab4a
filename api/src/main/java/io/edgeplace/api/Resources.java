package io.edgeplace.api;

/**
 * An amount of node resources, parsed once from Kubernetes quantities into primitives.
 *
 * @param milliCpu          CPU in thousandths of a core ({@code 250m} is 250, {@code 2} is 2000)
 * @param memoryBytes       memory in bytes
 * @param ephemeralStorageBytes ephemeral storage in bytes
 * @param pods              pod count
 */
public record Resources(long milliCpu, long memoryBytes, long ephemeralStorageBytes, long pods) {

  public static final Resources ZERO = new Resources(0, 0, 0, 0);

  public Resources {
    if (milliCpu < 0 || memoryBytes < 0 || ephemeralStorageBytes < 0 || pods < 0) {
      throw new IllegalArgumentException("resources must not be negative: cpu=" + milliCpu + "m memory="
          + memoryBytes + " ephemeral-storage=" + ephemeralStorageBytes + " pods=" + pods);
    }
  }

  public static Resources of(long milliCpu, long memoryBytes) {
    return new Resources(milliCpu, memoryBytes, 0, 0);
  }

  public Resources plus(Resources other) {
    return new Resources(milliCpu + other.milliCpu, memoryBytes + other.memoryBytes,
        ephemeralStorageBytes + other.ephemeralStorageBytes, pods + other.pods);
  }

  /** This minus {@code other}, each component floored at zero. */
  public Resources minus(Resources other) {
    return new Resources(Math.max(0, milliCpu - other.milliCpu), Math.max(0, memoryBytes - other.memoryBytes),
        Math.max(0, ephemeralStorageBytes - other.ephemeralStorageBytes), Math.max(0, pods - other.pods));
  }
}
