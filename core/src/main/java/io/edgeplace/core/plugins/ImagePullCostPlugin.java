package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Unit;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Image pull cost (score): the estimated time to pull the pod's missing images over the unit's
 * uplink; shorter is better.
 *
 * <p>An image is present on a node when its {@code status.images} lists any spelling of the
 * reference ({@link ImageReferences}). A missing image's size is the largest size any node of the
 * snapshot reports for it, else {@link Builder#defaultImageBytes} (200 MB). The time is the
 * missing bytes over the unit's uplink ({@link Builder#unlimitedUplinkBitsPerSecond}, 1 Gbit/s,
 * for a unit without a declared one). Per pod, the work is done once in {@code preScore} through
 * the snapshot's image index ({@link ClusterSnapshot#forEachNodeWithImage}); the per-node score is an
 * array read. Normalized so that the fastest node scores 100 and the slowest 0. Layers shared
 * between images are not known from {@code status.images}, so the estimate is an upper bound.
 */
public final class ImagePullCostPlugin implements ScorePlugin {

  public static final String NAME = "image-pull-cost";
  /** 200 MB: the assumed size of an image no node reports. */
  public static final long DEFAULT_IMAGE_BYTES = 200L << 20;
  /** 1 Gbit/s: the assumed uplink of a unit that declares none. */
  public static final long DEFAULT_UNLIMITED_UPLINK = 1_000_000_000L;

  private static final StateKey<Pull> KEY = StateKey.of(NAME + "/pull", Pull.class);
  private static final ImagePullCostPlugin DEFAULT = new ImagePullCostPlugin(DEFAULT_IMAGE_BYTES,
      DEFAULT_UNLIMITED_UPLINK);

  private final long defaultImageBytes;
  private final long unlimitedUplink;

  private ImagePullCostPlugin(long defaultImageBytes, long unlimitedUplink) {
    this.defaultImageBytes = defaultImageBytes;
    this.unlimitedUplink = unlimitedUplink;
  }

  public static ImagePullCostPlugin create() {
    return DEFAULT;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    pull(state);
  }

  /** Estimated pull time in milliseconds. */
  @Override
  public long score(CycleState state, int node) {
    Pull p = state.get(KEY);
    long[] missing = p.missing;
    return missing == null ? 0 : (long) (missing[node] * p.millisPerByte[state.snapshot().unitOf(node)]);
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    Pull p = state.get(KEY);
    long[] missing = p.missing;
    if (missing == null) {
      java.util.Arrays.fill(scores, from, to, 0L);
      return;
    }
    double[] millisPerByte = p.millisPerByte;
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      int node = nodes[k];
      scores[k] = (long) (missing[node] * millisPerByte[s.unitOf(node)]);
    }
  }

  @Override
  public void normalize(CycleState state, int[] nodes, long[] scores, int count) {
    Scores.lowerIsBetter(scores, count);
  }

  @Override
  public String explain(CycleState state, int node) {
    Pull p = pull(state);
    ClusterSnapshot s = state.snapshot();
    Unit unit = s.unit(s.unitOf(node));
    long bps = unit.hasUplinkLimit() ? unit.uplinkBitsPerSecond() : unlimitedUplink;
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < p.images.length; i++) {
      if (!p.present(s.node(node), i)) {
        long seconds = (long) Math.ceil(p.sizes[i] * 8.0 / bps);
        parts.add("pull " + p.images[i] + " ~" + Format.bytes(p.sizes[i]) + (p.sizeKnown[i] ? "" : " (size unknown, assumed)")
            + " over " + Format.bits(bps) + (unit.hasUplinkLimit() ? "" : " (uplink unlimited, assumed)") + " ≈ "
            + seconds + " s");
      }
    }
    if (p.images.length == 0) {
      return "no images";
    }
    return parts.isEmpty() ? "all images present" : String.join("; ", parts);
  }

  private Pull pull(CycleState state) {
    Pull p = state.find(KEY);
    if (p == null) {
      /* one entry per image, however the containers spell it */
      java.util.Map<String, String> distinct = new java.util.LinkedHashMap<>();
      for (String image : state.workload().images()) {
        distinct.putIfAbsent(ImageReferences.normalize(image), image);
      }
      p = Pull.of(state.snapshot(), distinct.values().toArray(new String[0]), defaultImageBytes, unlimitedUplink);
      state.put(KEY, p);
    }
    return p;
  }

  /* Per pod: each image's size and the bytes each node misses, from the snapshot's image index. */
  static final class Pull {
    final String[] images;
    final long[] sizes;
    final boolean[] sizeKnown;
    /* missing bytes per node; null when the pod has no images */
    final long @org.jspecify.annotations.Nullable [] missing;
    /* per image, the spellings a node may list it under */
    final List<List<String>> spellings;
    /* per unit: milliseconds to pull one byte over its uplink */
    final double[] millisPerByte;

    private Pull(String[] images, long[] sizes, boolean[] sizeKnown,
                 long @org.jspecify.annotations.Nullable [] missing, List<List<String>> spellings,
                 double[] millisPerByte) {
      this.millisPerByte = millisPerByte;
      this.images = images;
      this.sizes = sizes;
      this.sizeKnown = sizeKnown;
      this.missing = missing;
      this.spellings = spellings;
    }

    static Pull of(ClusterSnapshot s, String[] images, long defaultBytes, long unlimitedUplink) {
      long[] sizes = new long[images.length];
      boolean[] known = new boolean[images.length];
      List<List<String>> spellings = new ArrayList<>(images.length);
      long total = 0;
      for (int i = 0; i < images.length; i++) {
        long size = -1;
        List<String> forms = ImageReferences.spellings(images[i]);
        for (String spelling : forms) {
          size = Math.max(size, s.imageSizeBytes(spelling));
        }
        spellings.add(forms);
        known[i] = size >= 0;
        sizes[i] = size >= 0 ? size : defaultBytes;
        total += sizes[i];
      }
      long[] missing = null;
      if (images.length > 0) {
        long[] left = new long[s.nodeCount()];
        Arrays.fill(left, total);
        for (int i = 0; i < images.length; i++) {
          long size = sizes[i];
          List<String> forms = spellings.get(i);
          for (int f = 0; f < forms.size(); f++) {
            int form = f;
            /* a node listing the image under two spellings holds it once */
            s.forEachNodeWithImage(forms.get(f), n -> {
              if (form == 0 || !listsAny(s.node(n), forms, form)) {
                left[n] -= size;
              }
            });
          }
        }
        missing = left;
      }
      double[] perByte = new double[s.unitCount()];
      for (int u = 0; u < perByte.length; u++) {
        Unit unit = s.unit(u);
        perByte[u] = 8000.0 / (unit.hasUplinkLimit() ? unit.uplinkBitsPerSecond() : unlimitedUplink);
      }
      return new Pull(images, sizes, known, missing, spellings, perByte);
    }

    /* whether the node lists one of forms[0 .. before-1] */
    private static boolean listsAny(io.edgeplace.api.Node node, List<String> forms, int before) {
      for (int f = 0; f < before; f++) {
        if (node.images().containsKey(forms.get(f))) {
          return true;
        }
      }
      return false;
    }

    boolean present(io.edgeplace.api.Node node, int image) {
      List<String> forms = spellings.get(image);
      return listsAny(node, forms, forms.size());
    }
  }

  /** Configures an {@link ImagePullCostPlugin}; each setter validates at once. */
  public static final class Builder {
    private long defaultImageBytes = DEFAULT_IMAGE_BYTES;
    private long unlimitedUplink = DEFAULT_UNLIMITED_UPLINK;

    private Builder() {
    }

    /** The assumed size of an image no node reports, in bytes (default 200 MB). */
    public Builder defaultImageBytes(long bytes) {
      if (bytes <= 0) {
        throw new IllegalArgumentException("image pull cost: default image size is " + bytes
            + " bytes; it must be positive. Maybe " + DEFAULT_IMAGE_BYTES + " (200 MB)?");
      }
      this.defaultImageBytes = bytes;
      return this;
    }

    /** The assumed uplink of a unit without {@code edgeplace.io/uplink-bandwidth}, bits/s (default 1 Gbit/s). */
    public Builder unlimitedUplinkBitsPerSecond(long bitsPerSecond) {
      if (bitsPerSecond <= 0) {
        throw new IllegalArgumentException("image pull cost: assumed uplink is " + bitsPerSecond
            + " bit/s; it must be positive. Maybe " + DEFAULT_UNLIMITED_UPLINK + " (1 Gbit/s)?");
      }
      this.unlimitedUplink = bitsPerSecond;
      return this;
    }

    public ImagePullCostPlugin build() {
      return new ImagePullCostPlugin(defaultImageBytes, unlimitedUplink);
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s[default image %s, unlimited uplink as %s]", NAME,
        Format.bytes(defaultImageBytes), Format.bits(unlimitedUplink));
  }
}
