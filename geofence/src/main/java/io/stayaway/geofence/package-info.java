/**
 * The geofence engine's public surface: orders and their stay-away rules, pings, and the
 * {@link io.stayaway.geofence.OrderEvaluator} that turns a stream of pings into debounced,
 * explainable episodes. Pure domain: no I/O, no clock of its own, no threads. Everything in
 * {@code io.stayaway.geofence.impl} is implementation and may change without notice.
 */
package io.stayaway.geofence;
