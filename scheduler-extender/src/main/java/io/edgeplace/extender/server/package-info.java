/**
 * The HTTP side: a Jetty 12 server (core handlers, no servlets) with TLS, a bounded thread
 * pool and graceful shutdown, routing the extender verbs, health, readiness and metrics.
 */
@NullMarked
package io.edgeplace.extender.server;

import org.jspecify.annotations.NullMarked;
