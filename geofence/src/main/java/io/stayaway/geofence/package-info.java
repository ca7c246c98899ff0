package io.stayaway.geofence;
