/**
 * Reliability and security tests of the extender: soak under concurrent load, faults (API
 * server outages, an unwritable cache directory, a hanging registry) and the security checks of
 * the threat model in {@code SECURITY.md}.
 */
@NullMarked
package io.edgeplace.extender.reliability;

import org.jspecify.annotations.NullMarked;
