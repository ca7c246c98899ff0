package io.stayaway.simulator.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stayaway.simulator.device.Uplink;
import io.stayaway.simulator.device.UplinkChannel;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * JSON-lines recordings of what devices sent, one {@link RecordedUplink} per line: written while a
 * scenario plays, read back by {@code replay}. The writing channel is confined to the scenario thread.
 */
public final class Recording {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recording() {}

    public static List<RecordedUplink> read(Path file) {
        List<RecordedUplink> lines = new ArrayList<>();
        List<String> text;
        try {
            text = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < text.size(); i++) {
            if (text.get(i).isBlank()) {
                continue;
            }
            try {
                lines.add(JSON.readValue(text.get(i), RecordedUplink.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no messages");
        }
        return lines;
    }

    /**
     * A channel that appends every uplink to {@code file} (sentAt from {@code epochAt}, which maps
     * a scenario offset to epoch ms) and then hands it to {@code next}.
     */
    public static Writer writer(Path file, LongUnaryOperator epochAt, UplinkChannel next) {
        try {
            return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8), epochAt, next);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write recording " + file, e);
        }
    }

    /** Writes uplinks as JSON lines and forwards them. Confined to the scenario thread. */
    public static final class Writer implements UplinkChannel, AutoCloseable {
        private final BufferedWriter out;
        private final LongUnaryOperator epochAt;
        private final UplinkChannel next;

        private Writer(BufferedWriter out, LongUnaryOperator epochAt, UplinkChannel next) {
            this.out = out;
            this.epochAt = epochAt;
            this.next = next;
        }

        @Override
        public void send(Uplink uplink) {
            try {
                RecordedUplink line = new RecordedUplink(
                        uplink.deviceId(),
                        uplink.kind().topicLeaf(),
                        epochAt.applyAsLong(uplink.offsetMillis()),
                        JSON.readTree(uplink.payload()));
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("recording failed", e);
            }
            next.send(uplink);
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("closing the recording failed", e);
            }
        }
    }
}
