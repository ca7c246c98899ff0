/**
 * The geofence engine's implementation. Only {@link io.stayaway.geofence.impl.OrderEngine}, which
 * {@link io.stayaway.geofence.OrderEvaluator} wraps, is public; everything else is package-private and
 * may change without notice. Other modules use {@code io.stayaway.geofence} only.
 */
package io.stayaway.geofence.impl;
