/**
 * Kubernetes adapters: fabric8 {@code Node}, {@code Pod}, {@code RuntimeClass} and OpenYurt
 * {@code NodePool} objects, and cluster snapshot files ({@code kubectl get nodes,pods -o json|yaml}),
 * converted once, at the edge, into the api records.
 *
 * <p>Entry points: {@link io.edgeplace.core.kube.KubeAdapter} (per object, and a whole
 * {@link io.edgeplace.api.ClusterSnapshot}), {@link io.edgeplace.core.kube.SnapshotFiles},
 * {@link io.edgeplace.core.kube.Quantities} and {@link io.edgeplace.core.kube.Annotations}.
 */
@NullMarked
package io.edgeplace.core.kube;

import org.jspecify.annotations.NullMarked;
