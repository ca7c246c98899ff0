package io.stayaway.simulator.device;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** JSON encoding of the MQTT wire contract (pings, ping arrays, events, commands). Thread-safe. */
public final class WireCodec {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private WireCodec() {}

    public static String encode(Ping ping) {
        return write(ping);
    }

    public static String encode(List<Ping> storedAndForwarded) {
        return write(storedAndForwarded);
    }

    public static String encode(DeviceEvent event) {
        return write(event);
    }

    public static String encode(DownlinkCommand command) {
        return write(command);
    }

    public static DownlinkCommand decodeCommand(byte[] payload) {
        try {
            return JSON.readValue(payload, DownlinkCommand.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "not a command: " + new String(payload, StandardCharsets.UTF_8) + " (" + e.getMessage() + ")", e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
