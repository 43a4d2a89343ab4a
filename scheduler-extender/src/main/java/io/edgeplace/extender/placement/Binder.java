package io.edgeplace.extender.placement;

import io.fabric8.kubernetes.api.model.Pod;
import org.jspecify.annotations.Nullable;

/** Binds pods through the API server (the {@code --bind} setup). */
public interface Binder {

  /**
   * The pod, read from the API server, or null when it does not exist.
   *
   * @throws RuntimeException when the API server cannot be asked
   */
  @Nullable Pod fetch(String namespace, String name);

  /**
   * Creates the pod's Binding to {@code node}, with the pod's UID as a precondition.
   *
   * @throws RuntimeException when the API server refuses or cannot be reached; the message says why
   */
  void bind(String namespace, String name, String uid, String node);
}
