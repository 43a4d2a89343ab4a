package io.edgeplace.simulator;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The simulator's command line, parsed strictly: an unknown flag, a missing or repeated value,
 * or a bad value is an {@link IllegalArgumentException} whose message is one line naming it.
 *
 * @param scenario the scenario file
 * @param policies the policies to run, in report order
 * @param seed     the seed, or empty for the scenario's own
 * @param json     JSON on stdout instead of a table
 * @param report   where to write the HTML report, or null
 * @param help     {@code --help} was given
 */
record Options(Path scenario, List<String> policies, OptionalLong seed, boolean json, @Nullable Path report,
               boolean help) {

  static final String USAGE = """
      usage: java -jar edgeplace-simulator.jar --scenario FILE [--policy edgeplace|kube-default|both]
                                               [--seed N] [--format table|json] [--report FILE.html]
        --scenario FILE   scenario YAML (see benchmarks/scenarios/example.yaml)
        --policy P        edgeplace, kube-default, or both (default both)
        --seed N          seed for fleet generation and kube-default tie-breaks (default: the scenario's seed:)
        --format F        table (default) or json, on stdout
        --report FILE     also write a self-contained HTML report with SVG charts
      exit status: 0 done, 1 bad scenario file or failed run, 2 bad command line""";

  static Options parse(String[] args) {
    Path scenario = null;
    String policy = null;
    String seed = null;
    String format = null;
    String report = null;
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        value = arg.substring(eq + 1);
        arg = arg.substring(0, eq);
      }
      switch (arg) {
        case "-h", "--help" -> help = true;
        case "--scenario", "--policy", "--seed", "--format", "--report" -> {
          if (value == null) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
              throw new IllegalArgumentException(arg + " needs a value");
            }
            value = args[++i];
          }
          if (value.isEmpty()) {
            throw new IllegalArgumentException(arg + " has an empty value");
          }
          switch (arg) {
            case "--scenario" -> scenario = Path.of(once(arg, scenario, value));
            case "--policy" -> policy = once(arg, policy, value);
            case "--seed" -> seed = once(arg, seed, value);
            case "--format" -> format = once(arg, format, value);
            default -> report = once(arg, report, value);
          }
        }
        default -> throw new IllegalArgumentException("unknown argument \"" + args[i] + "\""
            + (arg.startsWith("-") ? "; the flags are --scenario, --policy, --seed, --format, --report, --help"
            : "; maybe --scenario " + args[i] + "?"));
      }
    }
    if (help) {
      return new Options(Path.of("."), List.of(), OptionalLong.empty(), false, null, true);
    }
    if (scenario == null) {
      throw new IllegalArgumentException("--scenario FILE is required");
    }
    List<String> policies = switch (policy == null ? "both" : policy.toLowerCase(Locale.ROOT)) {
      case "both" -> List.of("edgeplace", "kube-default");
      case "edgeplace" -> List.of("edgeplace");
      case "kube-default" -> List.of("kube-default");
      default -> throw new IllegalArgumentException("--policy \"" + policy
          + "\" is not one of edgeplace, kube-default, both");
    };
    OptionalLong seedValue = OptionalLong.empty();
    if (seed != null) {
      try {
        seedValue = OptionalLong.of(Long.parseLong(seed));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--seed \"" + seed + "\" is not a whole number");
      }
    }
    boolean json = switch (format == null ? "table" : format.toLowerCase(Locale.ROOT)) {
      case "table" -> false;
      case "json" -> true;
      default -> throw new IllegalArgumentException("--format \"" + format + "\" is not one of table, json");
    };
    return new Options(scenario, policies, seedValue, json, report == null ? null : Path.of(report), false);
  }

  private static <T> T once(String flag, @Nullable Object previous, T value) {
    if (previous != null) {
      throw new IllegalArgumentException(flag + " is given twice");
    }
    return value;
  }
}
