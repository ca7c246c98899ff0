package io.stayaway.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.stayaway.gateway.GatewayConfig;
import io.stayaway.gateway.GatewayConfig.ConfigException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MapTilesTest {
    private static final String OSM = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png";

    private static GatewayConfig config(Map<String, String> map) {
        Map<String, String> env = new HashMap<>(map);
        env.put("STAYAWAY_DB_URL", "jdbc:postgresql://127.0.0.1/stayaway");
        return GatewayConfig.from(env);
    }

    @Test
    void withoutATemplateTheConsoleHasNoBasemapAndItsPolicyAdmitsNoOtherOrigin() {
        MapTiles tiles = config(Map.of()).mapTiles();
        assertFalse(tiles.enabled());
        assertEquals(
                "'self' data:", ConsoleRoutes.contentSecurityPolicy(tiles).replaceAll(".*img-src ([^;]*);.*", "$1"));
        assertEquals(null, tiles.json().getValue("tiles"));
    }

    @Test
    void aTemplateIsAdmittedByItsOriginOnlyWithSubdomainsAsAWildcard() {
        MapTiles osm = config(Map.of("STAYAWAY_MAP_TILES", OSM, "STAYAWAY_MAP_TILES_ATTRIBUTION", "© OpenStreetMap"))
                .mapTiles();
        assertEquals("https://*.tile.openstreetmap.org", osm.imageSource());
        assertTrue(ConsoleRoutes.contentSecurityPolicy(osm)
                .contains("img-src 'self' data: https://*.tile.openstreetmap.org;"));
        MapTiles amap = config(Map.of(
                        "STAYAWAY_MAP_TILES",
                        "https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}",
                        "STAYAWAY_MAP_TILES_ATTRIBUTION",
                        "© AutoNavi",
                        "STAYAWAY_MAP_TILES_SUBDOMAINS",
                        "1234",
                        "STAYAWAY_MAP_TILES_DATUM",
                        "gcj02"))
                .mapTiles();
        assertEquals("https://*.is.autonavi.com", amap.imageSource());
        assertEquals("gcj02", amap.json().getString("datum"));
        assertEquals("1234", amap.json().getString("subdomains"));
        MapTiles local = config(Map.of(
                        "STAYAWAY_MAP_TILES", "http://127.0.0.1:8081/tiles/{z}/{x}/{y}.png",
                        "STAYAWAY_MAP_TILES_ATTRIBUTION", "test tiles",
                        "STAYAWAY_MAP_TILES_MAX_ZOOM", "18"))
                .mapTiles();
        assertEquals("http://127.0.0.1:8081", local.imageSource());
        assertEquals(18, local.json().getInteger("maxZoom"));
    }

    @Test
    void aTemplateCSPCouldNotAdmitOrThatLacksItsAttributionIsRefusedNamingTheKey() {
        for (Map<String, String> wrong : new Map[] {
            Map.of("STAYAWAY_MAP_TILES", OSM),
            Map.of(
                    "STAYAWAY_MAP_TILES",
                    "https://tiles.{s}.example.org/{z}/{x}/{y}.png",
                    "STAYAWAY_MAP_TILES_ATTRIBUTION",
                    "x"),
            Map.of(
                    "STAYAWAY_MAP_TILES",
                    "ftp://tiles.example.org/{z}/{x}/{y}.png",
                    "STAYAWAY_MAP_TILES_ATTRIBUTION",
                    "x"),
            Map.of(
                    "STAYAWAY_MAP_TILES",
                    "https://tiles.example.org/{z}/{x}.png",
                    "STAYAWAY_MAP_TILES_ATTRIBUTION",
                    "x"),
            Map.of("STAYAWAY_MAP_TILES_DATUM", "bd09"),
            Map.of("STAYAWAY_MAP_TILES_MAX_ZOOM", "23"),
            Map.of("STAYAWAY_MAP_TILES_SUBDOMAINS", "a;b")
        }) {
            ConfigException e = assertThrows(ConfigException.class, () -> config(wrong), wrong.toString());
            assertTrue(e.getMessage().contains("STAYAWAY_MAP_TILES"), e.getMessage());
        }
    }
}
