package io.edgeplace.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.edgeplace.api.ClusterSnapshot;
import io.edgeplace.api.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Extender request bodies for the benchmarks: the pod kube-scheduler would send for one more
 * replica of {@link SyntheticClusters#workload()} (with managed fields, default tolerations and
 * a projected token volume, about 3 KB, as the API server returns it), with the candidates as
 * names or as full Node objects.
 */
final class ExtenderRequests {
  private static final JsonFactory JSON = new JsonFactory();

  private ExtenderRequests() {
  }

  /** The Pod object, as kube-scheduler sends it (no kind or apiVersion). */
  static String pod() {
    return """
        {"metadata":{"name":"web-7d9f-new","generateName":"web-7d9f-","namespace":"default",\
        "uid":"0b9d3f5e-2f41-4c43-9d55-6a0f6e1e1a01","resourceVersion":"912345","creationTimestamp":"2026-01-01T00:00:00Z",\
        "labels":{"app":"web","pod-template-hash":"7d9f"},\
        "annotations":{"edgeplace.io/platforms":"linux/amd64,linux/arm64"},\
        "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web-7d9f","uid":"uid-web-7d9f",\
        "controller":true,"blockOwnerDeletion":true}],\
        "managedFields":[{"manager":"kube-controller-manager","operation":"Update","apiVersion":"v1",\
        "time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:generateName":{},\
        "f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}},"f:ownerReferences":{".":{},\
        "k:{\\"uid\\":\\"uid-web-7d9f\\"}":{}}},"f:spec":{"f:containers":{"k:{\\"name\\":\\"web\\"}":{".":{},\
        "f:image":{},"f:imagePullPolicy":{},"f:name":{},"f:resources":{".":{},"f:requests":{".":{},"f:cpu":{},\
        "f:memory":{}}},"f:terminationMessagePath":{},"f:terminationMessagePolicy":{}},\
        "k:{\\"name\\":\\"sidecar\\"}":{".":{},"f:image":{},"f:name":{},"f:resources":{}}},"f:dnsPolicy":{},\
        "f:enableServiceLinks":{},"f:initContainers":{},"f:restartPolicy":{},"f:schedulerName":{},\
        "f:securityContext":{},"f:terminationGracePeriodSeconds":{}}}}]},\
        "spec":{"volumes":[{"name":"kube-api-access-x1","projected":{"sources":[{"serviceAccountToken":\
        {"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt",\
        "path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1",\
        "fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}}],\
        "initContainers":[{"name":"init","image":"busybox:1.36","resources":{},\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],\
        "containers":[{"name":"web","image":"nginx:1.27","resources":{"requests":{"cpu":"250m","memory":"256Mi"}},\
        "volumeMounts":[{"name":"kube-api-access-x1","readOnly":true,"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount"}],\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"},\
        {"name":"sidecar","image":"envoy:1.31","resources":{"requests":{"cpu":"100m","memory":"64Mi"}},\
        "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],\
        "restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst",\
        "serviceAccountName":"default","serviceAccount":"default","securityContext":{},\
        "schedulerName":"edgeplace-scheduler","tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists",\
        "effect":"NoExecute","tolerationSeconds":300},{"key":"node.kubernetes.io/unreachable","operator":"Exists",\
        "effect":"NoExecute","tolerationSeconds":300}],"priority":0,"enableServiceLinks":true,\
        "preemptionPolicy":"PreemptLowerPriority"},\
        "status":{"phase":"Pending","qosClass":"Burstable"}}""";
  }

  /** {@code ExtenderArgs} with every node of {@code snapshot} by name (nodeCacheCapable). */
  static byte[] byName(ClusterSnapshot snapshot) {
    return byName(snapshot.nodes().stream().map(Node::name).toList());
  }

  static byte[] byName(List<String> names) {
    return write(g -> {
      g.writeStartObject();
      g.writeFieldName("Pod");
      g.writeRawValue(pod());
      g.writeFieldName("Nodes");
      g.writeNull();
      g.writeArrayFieldStart("NodeNames");
      for (String n : names) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeEndObject();
    });
  }

  /** The {@code NodeNames} a filter reply passed, in order: what kube-scheduler sends on to prioritize. */
  static List<String> passedNames(String filterResult) {
    int start = filterResult.indexOf("\"NodeNames\":[");
    if (start < 0) {
      throw new IllegalStateException("no NodeNames in the filter reply: "
          + filterResult.substring(0, Math.min(500, filterResult.length())));
    }
    List<String> names = new java.util.ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"")
        .matcher(filterResult.substring(start + 13, filterResult.indexOf(']', start)));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** {@code ExtenderArgs} with every node of {@code snapshot} as a full Node object (about 2.5 KB each). */
  static byte[] withNodes(ClusterSnapshot snapshot) {
    return write(g -> {
      g.writeStartObject();
      g.writeFieldName("Pod");
      g.writeRawValue(pod());
      g.writeObjectFieldStart("Nodes");
      g.writeObjectFieldStart("metadata");
      g.writeEndObject();
      g.writeArrayFieldStart("items");
      for (Node n : snapshot.nodes()) {
        node(g, n);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeFieldName("NodeNames");
      g.writeNull();
      g.writeEndObject();
    });
  }

  private static void node(JsonGenerator g, Node n) throws IOException {
    String arch = n.platform().architecture();
    g.writeStartObject();
    g.writeObjectFieldStart("metadata");
    g.writeStringField("name", n.name());
    g.writeStringField("uid", "uid-" + n.name());
    g.writeStringField("resourceVersion", "123456");
    g.writeStringField("creationTimestamp", "2025-06-01T00:00:00Z");
    g.writeObjectFieldStart("labels");
    g.writeStringField("kubernetes.io/arch", arch);
    g.writeStringField("kubernetes.io/os", "linux");
    g.writeStringField("kubernetes.io/hostname", n.name());
    g.writeStringField("beta.kubernetes.io/arch", arch);
    g.writeStringField("beta.kubernetes.io/os", "linux");
    g.writeStringField("edgeplace.io/unit", n.unit());
    g.writeStringField("topology.kubernetes.io/region", n.region());
    g.writeEndObject();
    g.writeObjectFieldStart("annotations");
    g.writeStringField("node.alpha.kubernetes.io/ttl", "0");
    g.writeStringField("volumes.kubernetes.io/controller-managed-attach-detach", "true");
    g.writeStringField("edgeplace.io/uplink-bandwidth", "100M");
    g.writeEndObject();
    g.writeEndObject();
    g.writeObjectFieldStart("spec");
    g.writeStringField("podCIDR", "10.244.1.0/24");
    g.writeEndObject();
    g.writeObjectFieldStart("status");
    for (String field : new String[] {"capacity", "allocatable"}) {
      g.writeObjectFieldStart(field);
      g.writeStringField("cpu", n.allocatable().milliCpu() + "m");
      g.writeStringField("memory", n.allocatable().memoryBytes() + "");
      g.writeStringField("ephemeral-storage", "61255492Ki");
      g.writeStringField("pods", "110");
      g.writeEndObject();
    }
    g.writeArrayFieldStart("conditions");
    for (String type : new String[] {"MemoryPressure", "DiskPressure", "PIDPressure", "Ready"}) {
      g.writeStartObject();
      g.writeStringField("type", type);
      g.writeStringField("status", type.equals("Ready") ? "True" : "False");
      g.writeStringField("lastHeartbeatTime", "2025-12-31T23:59:50Z");
      g.writeStringField("lastTransitionTime", "2025-06-01T00:00:00Z");
      g.writeStringField("reason", type.equals("Ready") ? "KubeletReady" : "KubeletHasSufficient" + type);
      g.writeStringField("message", "kubelet is posting ready status");
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("addresses");
    g.writeStartObject();
    g.writeStringField("type", "InternalIP");
    g.writeStringField("address", "10.0.0.1");
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("nodeInfo");
    g.writeStringField("architecture", arch);
    g.writeStringField("operatingSystem", "linux");
    g.writeStringField("kubeletVersion", "v1.31.4");
    g.writeStringField("containerRuntimeVersion", "containerd://1.7.24");
    g.writeStringField("kernelVersion", "6.1.0-28");
    g.writeStringField("osImage", "Debian GNU/Linux 12 (bookworm)");
    g.writeEndObject();
    g.writeArrayFieldStart("images");
    for (int i = 0; i < 8; i++) {
      g.writeStartObject();
      g.writeArrayFieldStart("names");
      g.writeString("registry.example/team/image-" + i + "@sha256:" + "0123456789abcdef".repeat(4));
      g.writeString("registry.example/team/image-" + i + ":1." + i);
      g.writeEndArray();
      g.writeNumberField("sizeBytes", 10_000_000L * (i + 1));
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndObject();
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(Writer w) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
