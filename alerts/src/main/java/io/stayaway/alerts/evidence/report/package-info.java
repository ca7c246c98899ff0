/**
 * Human-readable renderings of a court evidence bundle ({@link io.stayaway.alerts.evidence.report.EvidenceReport})
 * and of an order's compliance report ({@link io.stayaway.alerts.evidence.report.ComplianceReport}).
 *
 * <p>Pure functions of plain records: no I/O, no clock, no randomness, numbers formatted with
 * {@code Locale.ROOT}; the same model always renders to byte-identical UTF-8 text. Every string taken
 * from a model is escaped, and the markup is XHTML-compatible so it can be checked with an XML parser.
 */
package io.stayaway.alerts.evidence.report;
