package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console tests' tile server answers real PNG tiles a browser may load from another origin. */
class TileServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TileServer tiles;

    @BeforeEach
    void start() throws IOException {
        tiles = TileServer.start();
    }

    @AfterEach
    void stop() {
        tiles.close();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tiles.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void aTileIsA256PixelPngOnTheBackgroundColourForAnyOrigin() throws Exception {
        HttpResponse<byte[]> response = get("/tiles/3/6/3.png");

        assertEquals(200, response.statusCode());
        assertEquals("image/png", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(
                "*",
                response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body()));
        assertEquals(TileServer.TILE_SIZE, image.getWidth());
        assertEquals(TileServer.TILE_SIZE, image.getHeight());
        // Away from the edge lines and the centred label: the background.
        assertEquals(TileServer.BACKGROUND.getRGB(), image.getRGB(32, 32));
        assertEquals(TileServer.BACKGROUND.getRGB(), image.getRGB(200, 220));
        // The grid line along the edge.
        assertEquals(TileServer.INK.getRGB(), image.getRGB(0, 128));
        assertEquals(TileServer.INK.getRGB(), image.getRGB(128, TileServer.TILE_SIZE - 1));
    }

    @Test
    void anythingButATileOnTheMapIs404() throws Exception {
        assertEquals(404, get("/").statusCode());
        assertEquals(404, get("/tiles/3/8/0.png").statusCode());
        assertEquals(404, get("/tiles/3/1/2.jpg").statusCode());
        assertEquals(404, get("/tiles/23/0/0.png").statusCode());
    }

    @Test
    void everyRequestPathIsRecordedInOrder() throws Exception {
        get("/tiles/0/0/0.png");
        get("/favicon.ico");
        get("/tiles/1/1/0.png?v=2");

        assertEquals(List.of("/tiles/0/0/0.png", "/favicon.ico", "/tiles/1/1/0.png?v=2"), tiles.requests());
    }

    @Test
    void theUrlTemplateIsLeafletsOnThisServersPort() {
        assertEquals("http://127.0.0.1:" + tiles.port() + "/tiles/{z}/{x}/{y}.png", tiles.urlTemplate());
    }
}
