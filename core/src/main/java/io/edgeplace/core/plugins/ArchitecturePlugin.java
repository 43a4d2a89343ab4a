package io.edgeplace.core.plugins;

import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Container;
import io.edgeplace.api.Platform;
import io.edgeplace.api.WellKnownKeys;
import io.edgeplace.api.Workload;
import io.edgeplace.api.image.ImagePlatformResolver;
import io.edgeplace.api.image.ImagePlatforms;
import io.edgeplace.api.plugin.CycleState;
import io.edgeplace.api.plugin.FilterPlugin;
import io.edgeplace.api.plugin.FilterPlugin.Rejections;
import io.edgeplace.api.plugin.FilterResult;
import io.edgeplace.api.plugin.ScorePlugin;
import io.edgeplace.api.plugin.StateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Filter and score: a node's platform (os/arch/variant) must be among the platforms of every
 * container's image, init containers included, and native matches score higher than
 * compatible ones.
 *
 * <ul>
 *   <li>An image's platforms are the container's {@link Container#platforms()} (filled from the
 *       pod's {@code edgeplace.io/platforms} annotation, which takes precedence), else what the
 *       {@link ImagePlatformResolver} knows. An image whose platforms are unknown never rejects a
 *       node; the explanation says so.</li>
 *   <li>An {@code arm} node without a variant is {@code arm/v7} ({@link Platform} normalizes).</li>
 *   <li>A required node affinity on {@code kubernetes.io/arch}
 *       ({@link Workload#requiredArchitectures()}) is honoured and never widened, not even by
 *       compatibility.</li>
 *   <li>Cross-architecture compatibility (32-bit arm images on 64-bit arm nodes that run 32-bit
 *       code, older arm variants on newer arm nodes, 386 on amd64) is off by default: not every
 *       arm64 SoC runs 32-bit code. Turn it on with
 *       {@link Builder#crossArchitectureCompatibility(boolean)} or name pairs with
 *       {@link Builder#compatible(Platform, Platform)}. A compatible match scores
 *       {@value #COMPATIBLE_SCORE} ({@link Builder#compatibleScore(int)}), a native one
 *       {@value #NATIVE_SCORE}.</li>
 * </ul>
 *
 * <p>Rejections are {@link FilterResult.Code#UNSCHEDULABLE_AND_UNRESOLVABLE}: waiting does not
 * change an architecture. All the work happens once per cycle per distinct node platform (a
 * handful); the per-node calls are two array reads.
 */
public final class ArchitecturePlugin implements FilterPlugin, ScorePlugin {

  /** The plugin's name. */
  public static final String NAME = "architecture";
  /** Reason: the node's platform is not among an image's platforms. */
  public static final String ARCHITECTURE_MISMATCH = "ArchitectureMismatch";
  /** Reason: the workload's required node affinity on {@code kubernetes.io/arch} excludes the node's arch. */
  public static final String ARCHITECTURE_NOT_ALLOWED_BY_AFFINITY = "ArchitectureNotAllowedByAffinity";
  /** The score of a node whose platform every known image supports natively. */
  public static final int NATIVE_SCORE = 100;
  /** The default score of a node that runs some image only through cross-architecture compatibility. */
  public static final int COMPATIBLE_SCORE = 50;

  /** The built-in compatibility table, used when compatibility is on: node platform → image platforms it also runs. */
  private static final Map<Platform, Set<Platform>> BUILT_IN_COMPATIBILITY = Map.of(
      Platform.LINUX_ARM64, Set.of(Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6),
      Platform.of("linux", "arm", "v8"), Set.of(Platform.LINUX_ARM_V7, Platform.LINUX_ARM_V6),
      Platform.LINUX_ARM_V7, Set.of(Platform.LINUX_ARM_V6, Platform.of("linux", "arm", "v5")),
      Platform.LINUX_ARM_V6, Set.of(Platform.of("linux", "arm", "v5")),
      Platform.LINUX_AMD64, Set.of(Platform.of("linux", "386", "")));

  private static final StateKey<Verdicts> VERDICTS = StateKey.of(NAME, Verdicts.class);
  private static final ArchitecturePlugin DEFAULT = builder().build();

  private final ImagePlatformResolver resolver;
  private final Map<Platform, Set<Platform>> compatibility;
  private final int compatibleScore;

  private ArchitecturePlugin(ImagePlatformResolver resolver, Map<Platform, Set<Platform>> compatibility,
                             int compatibleScore) {
    this.resolver = resolver;
    this.compatibility = compatibility;
    this.compatibleScore = compatibleScore;
  }

  /** The plugin with no image platform resolver and no cross-architecture compatibility: a shared instance. */
  public static ArchitecturePlugin create() {
    return DEFAULT;
  }

  /** The plugin looking up images whose platforms the pod does not declare in {@code resolver}. */
  public static ArchitecturePlugin create(ImagePlatformResolver resolver) {
    return builder().imagePlatformResolver(resolver).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public FilterResult preFilter(CycleState state) {
    state.put(VERDICTS, verdicts(state));
    return FilterResult.pass();
  }

  @Override
  public FilterResult filter(CycleState state, int node) {
    return state.get(VERDICTS).filter[state.snapshot().platformOf(node)];
  }

  @Override
  public void filter(CycleState state, int[] nodes, int from, int to, Rejections rejections) {
    Verdicts v = state.get(VERDICTS);
    if (v.allPass()) {
      return;
    }
    FilterResult[] byPlatform = v.filter();
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      FilterResult r = byPlatform[s.platformOf(nodes[k])];
      if (!r.passed()) {
        rejections.reject(k, r);
      }
    }
  }

  @Override
  public void preScore(CycleState state, int[] nodes, int count) {
    if (state.find(VERDICTS) == null) {
      state.put(VERDICTS, verdicts(state));
    }
  }

  @Override
  public long score(CycleState state, int node) {
    return state.get(VERDICTS).score[state.snapshot().platformOf(node)];
  }

  @Override
  public void score(CycleState state, int[] nodes, int from, int to, long[] scores) {
    int[] byPlatform = state.get(VERDICTS).score;
    ClusterSnapshot s = state.snapshot();
    for (int k = from; k < to; k++) {
      scores[k] = byPlatform[s.platformOf(nodes[k])];
    }
  }

  @Override
  public String explain(CycleState state, int node) {
    Verdicts v = state.find(VERDICTS);
    if (v == null) {
      return "";
    }
    int k = state.snapshot().platformOf(node);
    Platform platform = state.snapshot().platform(k);
    if (v.filter[k] instanceof FilterResult.Rejection r) {
      return r.message();
    }
    List<String> parts = new ArrayList<>();
    for (ImageInfo image : v.images) {
      if (!image.platforms.known()) {
        parts.add("platforms of image \"" + image.image + "\" are unknown (" + image.platforms.detail()
            + "); not checked, so it does not reject the node");
      } else if (image.platforms.platforms().contains(platform)) {
        parts.add("image \"" + image.image + "\" runs natively on " + platform);
      } else {
        parts.add("image \"" + image.image + "\" (" + sorted(image.platforms.platforms()) + ") runs on " + platform
            + " only through cross-architecture compatibility");
      }
    }
    if (parts.isEmpty()) {
      parts.add("the workload has no containers; nothing to check");
    }
    return String.join("; ", parts);
  }

  @Override
  public String toString() {
    return NAME + "[resolver=" + resolver + ", compatibility=" + compatibility + "]";
  }

  /* Everything the per-node calls read, per distinct node platform; allPass when no platform is rejected. */
  private record Verdicts(FilterResult[] filter, int[] score, List<ImageInfo> images, boolean allPass) {
    Verdicts(FilterResult[] filter, int[] score, List<ImageInfo> images) {
      this(filter, score, images, java.util.Arrays.stream(filter).allMatch(FilterResult::passed));
    }
  }

  /* One container's image and what is known of its platforms. */
  private record ImageInfo(String container, boolean init, String image, ImagePlatforms platforms) {
  }

  private Verdicts verdicts(CycleState state) {
    ClusterSnapshot snapshot = state.snapshot();
    Workload workload = state.workload();
    List<ImageInfo> images = images(workload);
    Set<String> allowedArchs = new TreeSet<>();
    for (String arch : workload.requiredArchitectures()) {
      allowedArchs.add(normalizeArch(arch));
    }
    int platforms = snapshot.platformCount();
    FilterResult[] filter = new FilterResult[platforms];
    int[] score = new int[platforms];
    for (int k = 0; k < platforms; k++) {
      Platform platform = snapshot.platform(k);
      filter[k] = FilterResult.pass();
      score[k] = NATIVE_SCORE;
      if (!allowedArchs.isEmpty() && !allowedArchs.contains(platform.architecture())) {
        filter[k] = FilterResult.unresolvable(NAME, ARCHITECTURE_NOT_ALLOWED_BY_AFFINITY, "node architecture "
            + platform.architecture() + " (" + platform + ") is not allowed by the workload's required node affinity"
            + " on " + WellKnownKeys.ARCH + " (" + String.join(", ", allowedArchs) + ")");
        score[k] = 0;
        continue;
      }
      for (ImageInfo image : images) {
        if (!image.platforms.known()) {
          continue;
        }
        Set<Platform> supported = image.platforms.platforms();
        if (supported.contains(platform)) {
          continue;
        }
        if (compatible(platform, supported)) {
          score[k] = compatibleScore;
          continue;
        }
        filter[k] = FilterResult.unresolvable(NAME, ARCHITECTURE_MISMATCH, mismatch(platform, image));
        score[k] = 0;
        break;
      }
    }
    return new Verdicts(filter, score, images);
  }

  private boolean compatible(Platform node, Set<Platform> supported) {
    Set<Platform> alsoRuns = compatibility.get(node);
    if (alsoRuns != null) {
      for (Platform p : alsoRuns) {
        if (supported.contains(p)) {
          return true;
        }
      }
    }
    return false;
  }

  private String mismatch(Platform node, ImageInfo image) {
    String hint;
    if (BUILT_IN_COMPATIBILITY.containsKey(node) && compatibility.isEmpty()
        && BUILT_IN_COMPATIBILITY.get(node).stream().anyMatch(image.platforms.platforms()::contains)) {
      hint = "; cross-architecture compatibility would allow it, but it is off. Maybe turn it on if these nodes "
          + "run " + node.architecture() + " code of older variants?";
    } else {
      hint = "; maybe publish the image for " + node + ", or keep the workload off " + node + " nodes";
    }
    return "node platform " + node + " is not among the platforms of image \"" + image.image + "\" ("
        + sorted(image.platforms.platforms()) + ", " + source(image.platforms) + ") of " + (image.init ? "init " : "")
        + "container \"" + image.container + "\"" + hint;
  }

  private static String source(ImagePlatforms platforms) {
    return switch (platforms.source()) {
      case ANNOTATION -> "declared by the pod";
      case REGISTRY -> "from the registry";
      case REGISTRY_STALE -> "from the registry, stale: " + platforms.detail();
      case UNKNOWN -> "unknown";
    };
  }

  private List<ImageInfo> images(Workload workload) {
    Map<String, ImagePlatforms> looked = new HashMap<>();
    List<ImageInfo> images = new ArrayList<>();
    for (Container c : workload.initContainers()) {
      images.add(new ImageInfo(c.name(), true, c.image(), platformsOf(c, looked)));
    }
    for (Container c : workload.containers()) {
      images.add(new ImageInfo(c.name(), false, c.image(), platformsOf(c, looked)));
    }
    return List.copyOf(images);
  }

  private ImagePlatforms platformsOf(Container c, Map<String, ImagePlatforms> looked) {
    if (c.platformsKnown()) {
      return new ImagePlatforms(c.platforms(), ImagePlatforms.Source.ANNOTATION, WellKnownKeys.PLATFORMS);
    }
    return looked.computeIfAbsent(c.image(), image -> {
      try {
        ImagePlatforms found = resolver.lookup(image);
        return found != null ? found : ImagePlatforms.unknown("the image platform resolver returned nothing");
      } catch (RuntimeException e) {
        return ImagePlatforms.unknown("the image platform resolver failed: " + e);
      }
    });
  }

  private static String sorted(Set<Platform> platforms) {
    return platforms.stream().map(Platform::toString).sorted().collect(Collectors.joining(", "));
  }

  /* The kubernetes.io/arch spelling of an architecture, as Platform normalizes it. */
  static String normalizeArch(String arch) {
    String a = arch.trim().toLowerCase(Locale.ROOT);
    return switch (a) {
      case "aarch64" -> "arm64";
      case "x86_64", "x86-64" -> "amd64";
      case "armhf", "armel" -> "arm";
      default -> a;
    };
  }

  /** Builds an {@link ArchitecturePlugin}; every setter checks its argument at once. */
  public static final class Builder {
    private ImagePlatformResolver resolver = ImagePlatformResolver.NONE;
    private boolean builtIn;
    private int compatibleScore = COMPATIBLE_SCORE;
    private final Map<Platform, Set<Platform>> extra = new LinkedHashMap<>();

    private Builder() {
    }

    /** Where images whose platforms the pod does not declare are looked up; default {@link ImagePlatformResolver#NONE}. */
    public Builder imagePlatformResolver(ImagePlatformResolver resolver) {
      this.resolver = Objects.requireNonNull(resolver, "resolver");
      return this;
    }

    /**
     * Turns the built-in compatibility table on: arm64/v8 and arm/v8 nodes run arm/v7 and
     * arm/v6 images, arm/v7 nodes run arm/v6 and arm/v5, arm/v6 nodes run arm/v5, amd64 nodes
     * run 386. Off by default.
     */
    public Builder crossArchitectureCompatibility(boolean on) {
      this.builtIn = on;
      return this;
    }

    /**
     * The score, in [0, {@value #NATIVE_SCORE}], of a node that runs some image only through
     * compatibility (default {@value #COMPATIBLE_SCORE}); a native match scores {@value #NATIVE_SCORE}.
     */
    public Builder compatibleScore(int score) {
      if (score < 0 || score > NATIVE_SCORE) {
        throw new IllegalArgumentException("architecture compatibleScore is " + score + "; it must be in [0, "
            + NATIVE_SCORE + "]. Maybe " + COMPATIBLE_SCORE + "?");
      }
      this.compatibleScore = score;
      return this;
    }

    /** Lets {@code node} platforms run {@code image} platforms, as a compatible (not native) match. */
    public Builder compatible(Platform node, Platform image) {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(image, "image");
      if (node.equals(image)) {
        throw new IllegalArgumentException("compatible(" + node + ", " + image
            + ") names one platform twice; a platform always runs its own images");
      }
      extra.computeIfAbsent(node, n -> new TreeSet<>(Comparator.comparing(Platform::toString))).add(image);
      return this;
    }

    public ArchitecturePlugin build() {
      Map<Platform, Set<Platform>> table = new HashMap<>();
      if (builtIn) {
        BUILT_IN_COMPATIBILITY.forEach((n, images) -> table.computeIfAbsent(n, k -> new HashSet<>())
            .addAll(images));
      }
      extra.forEach((n, images) -> table.computeIfAbsent(n, k -> new HashSet<>()).addAll(images));
      Map<Platform, Set<Platform>> frozen = new HashMap<>();
      table.forEach((n, images) -> frozen.put(n, Set.copyOf(images)));
      return new ArchitecturePlugin(resolver, Map.copyOf(frozen), compatibleScore);
    }
  }
}
