/** The evidence archive format: a streaming, deterministic, signed ZIP writer (read back by {@link io.stayaway.alerts.evidence.BundleVerifier}). */
package io.stayaway.alerts.evidence.bundle;
