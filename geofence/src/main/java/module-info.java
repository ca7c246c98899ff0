/**
 * The geofence engine: orders, zones and the breach evaluator. Pure domain (JTS only); other modules see
 * {@code io.stayaway.geofence} and nothing of its implementation.
 */
@SuppressWarnings("requires-transitive-automatic") // JTS 1.20 has no module-info, only an Automatic-Module-Name
module io.stayaway.geofence {
    // transitive: the API takes JTS geometries (Polygonal, Corridor)
    requires transitive org.locationtech.jts;

    exports io.stayaway.geofence;
}
