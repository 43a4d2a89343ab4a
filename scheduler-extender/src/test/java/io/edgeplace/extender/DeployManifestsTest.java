package io.edgeplace.extender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, read as YAML (no cluster here): least privilege, non-root with a
 * read-only root filesystem, probes on the served endpoints, and a scheduler configuration
 * whose verbs are the extender's endpoints.
 */
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("deploy");
  static final YAMLMapper YAML = new YAMLMapper();

  static List<JsonNode> docs(String file) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(DEPLOY.resolve(file).toFile())) {
      while (it.hasNext()) {
        JsonNode n = it.next();
        if (n != null && !n.isNull() && !n.isEmpty()) {
          out.add(n);
        }
      }
    }
    return out;
  }

  static JsonNode kind(String file, String kind) throws Exception {
    return docs(file).stream().filter(d -> d.path("kind").asText().equals(kind)).findFirst().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"deployment.yaml", "bind/deployment-bind.yaml"})
  void theExtenderRunsNonRoot_onAReadOnlyRootFilesystem_withProbesAndLimits(String file) throws Exception {
    JsonNode pod = kind(file, "Deployment").path("spec").path("template").path("spec");
    assertThat(pod.path("serviceAccountName").asText()).isEqualTo("edgeplace-extender");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("securityContext").path("runAsUser").asInt()).isPositive();
    JsonNode c = pod.path("containers").get(0);
    JsonNode sc = c.path("securityContext");
    assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(TestClient.texts(sc.path("capabilities").path("drop"))).containsExactly("ALL");
    assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/healthz");
    assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/readyz");
    assertThat(c.path("resources").path("limits").path("memory").asText()).isNotEmpty();
    assertThat(c.path("resources").path("limits").path("cpu").asText()).isNotEmpty();
    List<String> args = TestClient.texts(c.path("args"));
    assertThat(args).contains("--in-cluster", "--listen=0.0.0.0:8888", "--cache-dir=/var/cache/edgeplace");
    assertThat(args.contains("--bind")).isEqualTo(file.startsWith("bind/"));
    assertProbesReachTheExtender(c, args);
    // every writable path is a volume
    Set<String> emptyDirs = new HashSet<>();
    pod.path("volumes").forEach(v -> {
      if (v.has("emptyDir")) {
        emptyDirs.add(v.path("name").asText());
      }
    });
    List<String> mounted = new ArrayList<>();
    c.path("volumeMounts").forEach(m -> {
      if (emptyDirs.contains(m.path("name").asText())) {
        mounted.add(m.path("mountPath").asText());
      }
    });
    assertThat(mounted).contains("/var/cache/edgeplace", "/tmp");
    // the flags it is given are flags the extender knows
    String cache = Files.createTempDirectory("cache").toString();
    Options.parse(args.stream().map(a -> a.startsWith("--config=") ? "--config=" + DEPLOY.resolve("configmap.yaml")
        : a.startsWith("--cache-dir=") ? "--cache-dir=" + cache : a).toList());
  }

  /*
   * The probes must reach a port the extender serves without a client certificate: with
   * --client-ca the main port refuses kubelet's handshake, so the probes go to the plain-HTTP
   * --health-listen port. The manifests always pass --health-listen, so adding the mutual TLS
   * flags later keeps the probes working; both hold here, with the args as shipped and with the
   * TLS flags added.
   */
  static void assertProbesReachTheExtender(JsonNode container, List<String> args) throws Exception {
    Map<String, Integer> ports = new HashMap<>();
    container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    assertThat(ports.get("http")).isEqualTo(port(args, "--listen"));
    List<String> withMutualTls = new ArrayList<>(args);
    withMutualTls.addAll(List.of("--tls-cert=/etc/edgeplace-tls/tls.crt", "--tls-key=/etc/edgeplace-tls/tls.key",
        "--client-ca=/etc/edgeplace-tls/ca.crt"));
    for (List<String> a : List.of(args, withMutualTls)) {
      boolean mutualTls = a.stream().anyMatch(x -> x.startsWith("--client-ca"));
      Integer health = a.stream().anyMatch(x -> x.startsWith("--health-listen")) ? port(a, "--health-listen") : null;
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        JsonNode get = container.path(probe).path("httpGet");
        assertThat(get.isMissingNode()).as(probe + " is an httpGet probe").isFalse();
        assertThat(get.path("scheme").asText("HTTP")).as(probe + " scheme").isEqualTo("HTTP");
        String name = get.path("port").asText();
        Integer probed = ports.getOrDefault(name, get.path("port").isInt() ? get.path("port").asInt() : null);
        assertThat(probed).as(probe + " port " + name + " is a container port").isNotNull();
        if (mutualTls) {
          assertThat(health).as("with --client-ca the args need --health-listen, or no probe can pass").isNotNull();
          assertThat(probed).as(probe + " goes to the --health-listen port under mutual TLS").isEqualTo(health);
        }
        if (health != null) {
          assertThat(name).as(probe + " uses the named health port").isEqualTo("health");
          assertThat(probed).as(probe).isEqualTo(health);
        }
      }
    }
  }

  /** The port of {@code --flag=HOST:PORT} in {@code args}. */
  static int port(List<String> args, String flag) {
    String v = args.stream().filter(a -> a.startsWith(flag + "=")).findFirst().orElseThrow(
        () -> new AssertionError(flag + "=HOST:PORT is not in " + args)).substring(flag.length() + 1);
    return Integer.parseInt(v.substring(v.lastIndexOf(':') + 1));
  }

  @Test
  void theDefaultClusterRole_isReadOnly_andCoversWhatTheTopologyWatches() throws Exception {
    JsonNode role = kind("rbac.yaml", "ClusterRole");
    Set<String> resources = new HashSet<>();
    for (JsonNode rule : role.path("rules")) {
      assertThat(TestClient.texts(rule.path("verbs"))).isSubsetOf("get", "list", "watch");
      resources.addAll(TestClient.texts(rule.path("resources")));
    }
    assertThat(resources).containsExactlyInAnyOrder("nodes", "pods", "runtimeclasses", "nodepools");
    JsonNode binding = kind("rbac.yaml", "ClusterRoleBinding");
    assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("edgeplace-extender");
  }

  @Test
  void nodeLeases_areReadOnly_andOnlyInKubeNodeLease() throws Exception {
    JsonNode role = kind("rbac.yaml", "Role");
    assertThat(role.path("metadata").path("namespace").asText())
        .isEqualTo(io.edgeplace.core.kube.KubeAdapter.NODE_LEASE_NAMESPACE);
    assertThat(role.path("rules")).hasSize(1);
    JsonNode rule = role.path("rules").get(0);
    assertThat(TestClient.texts(rule.path("apiGroups"))).containsExactly("coordination.k8s.io");
    assertThat(TestClient.texts(rule.path("resources"))).containsExactly("leases");
    assertThat(TestClient.texts(rule.path("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
    JsonNode binding = kind("rbac.yaml", "RoleBinding");
    assertThat(binding.path("metadata").path("namespace").asText()).isEqualTo("kube-node-lease");
    assertThat(binding.path("roleRef").path("name").asText()).isEqualTo(role.path("metadata").path("name").asText());
    assertThat(binding.path("subjects").get(0).path("name").asText()).isEqualTo("edgeplace-extender");
    assertThat(binding.path("subjects").get(0).path("namespace").asText()).isEqualTo("edgeplace-system");
  }

  @Test
  void theBindRole_grantsOnlyCreateOnPodsBinding() throws Exception {
    JsonNode role = kind("bind/rbac-bind.yaml", "ClusterRole");
    assertThat(role.path("rules")).hasSize(1);
    JsonNode rule = role.path("rules").get(0);
    assertThat(TestClient.texts(rule.path("apiGroups"))).containsExactly("");
    assertThat(TestClient.texts(rule.path("resources"))).containsExactly("pods/binding");
    assertThat(TestClient.texts(rule.path("verbs"))).containsExactly("create");
  }

  @Test
  void theServiceKeepsTheSchedulerOnOneReplica() throws Exception {
    JsonNode svc = kind("service.yaml", "Service");
    assertThat(svc.path("spec").path("sessionAffinity").asText()).isEqualTo("ClientIP");
    assertThat(svc.path("spec").path("ports").get(0).path("port").asInt()).isEqualTo(8888);
  }

  @ParameterizedTest
  @ValueSource(strings = {"kube-scheduler-config.yaml", "bind/kube-scheduler-config-bind.yaml"})
  void theSchedulerConfiguration_callsTheExtendersEndpoints(String file) throws Exception {
    JsonNode cfg = kind(file, "KubeSchedulerConfiguration");
    assertThat(cfg.path("apiVersion").asText()).isEqualTo("kubescheduler.config.k8s.io/v1");
    assertThat(cfg.path("profiles").findValuesAsText("schedulerName")).contains("edgeplace-scheduler");
    JsonNode ext = cfg.path("extenders").get(0);
    assertThat(ext.path("urlPrefix").asText()).isEqualTo("http://edgeplace-extender.edgeplace-system.svc:8888");
    assertThat(ext.path("filterVerb").asText()).isEqualTo("filter");
    assertThat(ext.path("prioritizeVerb").asText()).isEqualTo("prioritize");
    assertThat(ext.path("nodeCacheCapable").asBoolean()).isTrue();
    assertThat(ext.path("weight").asInt()).isPositive();
    assertThat(ext.path("httpTimeout").asText()).matches("\\d+s");
    assertThat(ext.has("ignorable")).isTrue();
    assertThat(ext.path("bindVerb").asText("")).isEqualTo(file.startsWith("bind/") ? "bind" : "");
    String text = Files.readString(DEPLOY.resolve(file));
    assertThat(text).contains("# ignorable:");
  }

  @Test
  void theConfigMapHoldsAConfigTheExtenderAccepts() throws Exception {
    JsonNode cm = kind("configmap.yaml", "ConfigMap");
    ExtenderConfig c = ExtenderConfig.parse("configmap", cm.path("data").path("config.yaml").asText().getBytes());
    assertThat(c.weights()).containsKeys("architecture");
    // the thresholds it lists are the defaults, every key written out
    assertThat(c.thresholds()).isEqualTo(io.edgeplace.core.engine.PluginThresholds.DEFAULTS);
    JsonNode thresholds = YAML.readTree(cm.path("data").path("config.yaml").asText()).path("thresholds");
    ThresholdKeys.KEYS.forEach((plugin, keys) -> keys.forEach(key ->
        assertThat(thresholds.path(plugin).has(key)).as("thresholds." + plugin + "." + key).isTrue()));
  }

  @Test
  void theImageRunsTheShadedJarAsANonRootUser() throws Exception {
    List<String> lines = Files.readAllLines(Path.of("Dockerfile"));
    assertThat(lines).anyMatch(l -> l.startsWith("FROM eclipse-temurin:17-jre"));
    assertThat(lines).anyMatch(l -> l.matches("USER [1-9][0-9]*:[1-9][0-9]*"));
    assertThat(lines).anyMatch(l -> l.contains("COPY target/edgeplace-scheduler-extender.jar"));
    assertThat(lines).anyMatch(l -> l.startsWith("VOLUME") && l.contains("/tmp") && l.contains("/var/cache/edgeplace"));
    assertThat(lines).anyMatch(l -> l.equals("EXPOSE 8888 8889"));
    assertThat(lines).anyMatch(l -> l.startsWith("CMD") && l.contains("--health-listen=0.0.0.0:8889"));
  }
}
