package io.edgeplace.extender;

import io.edgeplace.extender.placement.Binder;
import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Binds pods by creating their {@code Binding} subresource, as kube-scheduler's default binder
 * does, with the pod's UID so the API server refuses a binding for a pod that was replaced.
 */
final class KubernetesBinder implements Binder {
  private final KubernetesClient client;

  KubernetesBinder(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public @Nullable Pod fetch(String namespace, String name) {
    return client.pods().inNamespace(namespace).withName(name).get();
  }

  @Override
  public void bind(String namespace, String name, String uid, String node) {
    Binding binding = new BindingBuilder()
        .withNewMetadata().withNamespace(namespace).withName(name).withUid(uid).endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget()
        .build();
    client.bindings().inNamespace(namespace).resource(binding).create();
  }
}
