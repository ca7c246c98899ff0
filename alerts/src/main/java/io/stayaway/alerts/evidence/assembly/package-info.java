/**
 * Gathers evidence from storage: chained records read back position by position, an alert's bundle, an
 * order's full export and its compliance figures. Blocking JDBC, called by {@link io.stayaway.alerts.evidence.EvidenceService}
 * on a worker thread; reads the gateway's telemetry tables ({@code pings}, {@code device_events}) and alerts' own.
 */
package io.stayaway.alerts.evidence.assembly;
