package io.edgeplace.simulator;

import io.edgeplace.simulator.policy.Policies;
import io.edgeplace.simulator.report.HtmlReport;
import io.edgeplace.simulator.report.Reports;
import io.edgeplace.simulator.run.Figures;
import io.edgeplace.simulator.run.Simulation;
import io.edgeplace.simulator.scenario.Scenario;
import io.edgeplace.simulator.scenario.ScenarioException;
import io.edgeplace.simulator.scenario.ScenarioExpander;
import io.edgeplace.simulator.scenario.ScenarioInstance;
import io.edgeplace.simulator.scenario.ScenarioReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The placement-quality simulator's command line:
 * {@code java -jar edgeplace-simulator.jar --scenario FILE [--policy edgeplace|kube-default|both]
 * [--seed N] [--format table|json] [--report FILE.html]}. It expands the scenario for the seed,
 * replays its arrivals with each policy, and prints the figures side by side.
 *
 * <p>Before each policy's run, a throwaway instance of it places the first {@value #WARM_UP_PODS}
 * pods, so that decision latencies are not those of a cold JVM; the figures come from the run that
 * follows, with a fresh policy.
 *
 * <p>Exit status: 0 when the run completed, 1 for a bad scenario file or a failed run, 2 for a
 * bad command line. Errors are one line on stderr.
 */
public final class Main {
  /** Pods a throwaway policy places before the measured run, to warm the JIT up. */
  static final int WARM_UP_PODS = 300;

  private Main() {
  }

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the simulator; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("edgeplace-simulator: " + e.getMessage() + " (see --help)");
      return 2;
    }
    if (options.help()) {
      out.println(Options.USAGE);
      return 0;
    }
    try {
      Scenario scenario = ScenarioReader.read(options.scenario());
      long seed = options.seed().orElse(scenario.seed());
      ScenarioInstance instance = ScenarioExpander.expand(scenario, seed);
      List<Figures> figures = new ArrayList<>();
      ScenarioInstance warmUp = new ScenarioInstance(scenario, seed, instance.units(), instance.nodes(),
          instance.arrivals().subList(0, Math.min(WARM_UP_PODS, instance.arrivals().size())), instance.outages());
      for (String policy : options.policies()) {
        Simulation.run(warmUp, Policies.create(policy, seed));
        figures.add(Simulation.run(instance, Policies.create(policy, seed)).figures());
      }
      out.print(options.json() ? Reports.json(instance, figures) : Reports.table(instance, figures));
      Path report = options.report();
      if (report != null) {
        String command = "java -jar edgeplace-simulator.jar " + String.join(" ", args);
        Files.writeString(report, HtmlReport.render(instance, figures, command), StandardCharsets.UTF_8);
      }
      return 0;
    } catch (ScenarioException e) {
      err.println("edgeplace-simulator: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("edgeplace-simulator: cannot write the report: " + e);
      return 1;
    } catch (RuntimeException e) {
      err.println("edgeplace-simulator: the run failed: " + e);
      return 1;
    }
  }
}
