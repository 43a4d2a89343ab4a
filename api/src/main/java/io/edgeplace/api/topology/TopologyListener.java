package io.edgeplace.api.topology;

/**
 * Told of each new {@link TopologyView} a {@link TopologySource} publishes. Called on the
 * source's notification thread, one call at a time and in publication order, never on an informer
 * thread; a slow listener delays the next notifications but never the source. Coalescing is
 * allowed: a listener may skip views superseded before it was called, but always gets the latest.
 */
@FunctionalInterface
public interface TopologyListener {
  void onChange(TopologyView view);
}
