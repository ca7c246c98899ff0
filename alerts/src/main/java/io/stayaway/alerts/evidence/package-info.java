/**
 * Court evidence (README, "Evidence for courts"): what another module uses. {@link io.stayaway.alerts.evidence.EvidenceService}
 * builds alert bundles, order exports and compliance reports and records every access (chain of custody);
 * {@link io.stayaway.alerts.evidence.CourtOrder} is what evidence needs of an order;
 * {@link io.stayaway.alerts.evidence.DeviceChains} links stored telemetry ({@link io.stayaway.alerts.evidence.TelemetryRecord})
 * into its device's chain in the writer's transaction; {@link io.stayaway.alerts.evidence.EvidenceKey} signs;
 * {@link io.stayaway.alerts.evidence.BundleVerifier} checks an archive offline.
 *
 * <p>Inside, by concern: {@code chain} (the link rule, checkpoints and their schedule), {@code bundle} (the
 * archive writer), {@code assembly} (reading chained records back and building bundles, exports and the
 * compliance figures) and {@code report} (the human-readable reports, pure rendering).
 */
package io.stayaway.alerts.evidence;
