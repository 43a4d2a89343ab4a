/**
 * The vocabulary of edgeplace: nodes, units, workloads, placed pods and the immutable
 * {@link io.edgeplace.api.ClusterSnapshot} they form. Everything here is an immutable value with
 * no runtime dependency; Kubernetes objects become these records in exactly one adapter package
 * of {@code edgeplace-core}.
 */
@NullMarked
package io.edgeplace.api;

import org.jspecify.annotations.NullMarked;
