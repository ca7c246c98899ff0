package io.stayaway.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * A map tile server for the console tests, on a free port of 127.0.0.1: {@code GET /tiles/{z}/{x}/{y}.png} answers a
 * 256×256 PNG it draws itself ({@link #BACKGROUND}, a grid line along each tile edge, the text {@code z/x/y} in the
 * middle), with {@code Access-Control-Allow-Origin: *} and {@code Cache-Control: no-store} (so every view of a tile
 * is a request the test can see); anything else is 404. Records every request's path. Thread-safe.
 */
final class TileServer implements AutoCloseable {
    /** The tiles' background, RGB 200,230,200: a pale green a test can look for in a screenshot or a canvas. */
    static final Color BACKGROUND = new Color(200, 230, 200);
    /** The grid lines along the tile edges and the {@code z/x/y} text. */
    static final Color INK = new Color(60, 90, 60);

    static final int TILE_SIZE = 256;
    private static final int MAX_ZOOM = 22;
    private static final Pattern TILE = Pattern.compile("/tiles/(\\d{1,2})/(\\d{1,8})/(\\d{1,8})\\.png");

    static {
        // No display here: draw without one.
        System.setProperty("java.awt.headless", "true");
    }

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private TileServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a tile server on a free port of 127.0.0.1. */
    static TileServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TileServer tiles = new TileServer(server);
        server.createContext("/", tiles::handle);
        server.start();
        return tiles;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** The URL template a Leaflet tile layer takes: {@code http://127.0.0.1:PORT/tiles/{z}/{x}/{y}.png}. */
    String urlTemplate() {
        return "http://127.0.0.1:" + port() + "/tiles/{z}/{x}/{y}.png";
    }

    /** The path of every request so far (with its query, if any), oldest first; a snapshot. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** Stops at once, dropping any exchange in progress. */
    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(query == null ? path : path + "?" + query);
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Cache-Control", "no-store");
            Matcher tile = TILE.matcher(path);
            if (!"GET".equals(exchange.getRequestMethod()) || !tile.matches() || !exists(tile)) {
                byte[] body = "no such tile\n".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            byte[] png =
                    png(Integer.parseInt(tile.group(1)), Long.parseLong(tile.group(2)), Long.parseLong(tile.group(3)));
            exchange.getResponseHeaders().add("Content-Type", "image/png");
            exchange.sendResponseHeaders(200, png.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(png);
            }
        }
    }

    /** Whether the tile is on the map: zoom 0..22, x and y within 0..2^z - 1. */
    private static boolean exists(Matcher tile) {
        int z = Integer.parseInt(tile.group(1));
        if (z > MAX_ZOOM) {
            return false;
        }
        long side = 1L << z;
        return Long.parseLong(tile.group(2)) < side && Long.parseLong(tile.group(3)) < side;
    }

    /** The tile drawn: background, a line along each edge, {@code z/x/y} centred. */
    static byte[] png(int z, long x, long y) {
        BufferedImage image = new BufferedImage(TILE_SIZE, TILE_SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, TILE_SIZE, TILE_SIZE);
            g.setColor(INK);
            g.setStroke(new BasicStroke(1));
            g.drawRect(0, 0, TILE_SIZE - 1, TILE_SIZE - 1);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            String label = z + "/" + x + "/" + y;
            FontMetrics metrics = g.getFontMetrics();
            g.drawString(
                    label,
                    (TILE_SIZE - metrics.stringWidth(label)) / 2,
                    (TILE_SIZE - metrics.getHeight()) / 2 + metrics.getAscent());
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode tile " + z + "/" + x + "/" + y, e);
        }
        return out.toByteArray();
    }
}
