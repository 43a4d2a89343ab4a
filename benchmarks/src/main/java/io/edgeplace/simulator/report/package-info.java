/** Renders simulation figures as a text table, JSON, and a self-contained HTML page with inline SVG charts. */
@NullMarked
package io.edgeplace.simulator.report;

import org.jspecify.annotations.NullMarked;
