package io.edgeplace.api.topology;

/** Ends a {@link TopologySource#subscribe subscription}; closing twice does nothing. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
