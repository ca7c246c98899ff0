package io.stayaway.simulator.device;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A command from the gateway on wearables/{deviceId}/cmd: {@code set_interval} with {@code seconds},
 * or {@code notify} with {@code level} and {@code text}. Unknown types are kept so the wearer's
 * console can say what it ignored. Immutable, thread-safe.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DownlinkCommand(String id, String type, Integer seconds, String level, String text) {
    public static final String SET_INTERVAL = "set_interval";
    public static final String NOTIFY = "notify";

    public DownlinkCommand {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("a command needs a type");
        }
    }
}
