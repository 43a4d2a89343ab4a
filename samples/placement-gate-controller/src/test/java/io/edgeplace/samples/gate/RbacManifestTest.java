package io.edgeplace.samples.gate;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code deploy/rbac.yaml} parses, and grants the calls the controller and its topology make, and no more. */
class RbacManifestTest {

  @Test
  void theClusterRoleGrantsReadOnTheTopology_andUpdateOnPodsOnly() throws Exception {
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(Path.of(System.getProperty("basedir", ".")).resolve("deploy/rbac.yaml"))) {
      objects = new KubernetesSerialization().unmarshal(in);
    }

    assertThat(objects).extracting(HasMetadata::getKind)
        .containsExactly("ServiceAccount", "ClusterRole", "Role", "RoleBinding", "ClusterRoleBinding");
    Role leases = (Role) objects.get(2);
    assertThat(leases.getMetadata().getNamespace()).isEqualTo("kube-node-lease");
    assertThat(leases.getRules()).extracting(RbacManifestTest::describe)
        .containsExactly("[coordination.k8s.io] [leases] [get, list, watch]");
    RoleBinding binding = (RoleBinding) objects.get(3);
    assertThat(binding.getMetadata().getNamespace()).isEqualTo("kube-node-lease");
    assertThat(binding.getRoleRef().getName()).isEqualTo(leases.getMetadata().getName());
    assertThat(binding.getSubjects()).singleElement()
        .satisfies(sub -> assertThat(sub.getName()).isEqualTo("edgeplace-placement-gate"));
    ClusterRole role = (ClusterRole) objects.get(1);
    assertThat(role.getRules()).extracting(RbacManifestTest::describe).containsExactlyInAnyOrder(
        "[] [nodes] [get, list, watch]",
        "[] [pods] [get, list, watch, update]",
        "[node.k8s.io] [runtimeclasses] [get, list, watch]",
        "[apps.openyurt.io] [nodepools] [get, list, watch]");
  }

  private static String describe(PolicyRule rule) {
    return rule.getApiGroups().toString() + " " + rule.getResources() + " " + rule.getVerbs();
  }
}
