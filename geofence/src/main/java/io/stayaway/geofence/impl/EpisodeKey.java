package io.stayaway.geofence.impl;

import io.stayaway.geofence.EpisodeKind;

/** What identifies a machine's episodes apart from their first fix; immutable. */
record EpisodeKey(String orderId, String zoneId, EpisodeKind kind, String deviceId, String counterpartDeviceId) {}
