/**
 * The stale-tolerant loading cache on Caffeine: build one with
 * {@link io.edgeplace.core.cache.StaleCaches#newBuilder()}.
 */
@NullMarked
package io.edgeplace.core.cache;

import org.jspecify.annotations.NullMarked;
