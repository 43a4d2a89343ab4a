/**
 * The kube-scheduler extender v1 wire format ({@code k8s.io/kube-scheduler/extender/v1}), read
 * with streaming Jackson and written as Go's {@code encoding/json} would write it: Go field
 * names, absent values as {@code null}, keys read case-insensitively, unknown keys ignored.
 */
@NullMarked
package io.edgeplace.extender.wire;

import org.jspecify.annotations.NullMarked;
