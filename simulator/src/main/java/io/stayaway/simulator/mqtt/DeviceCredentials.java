package io.stayaway.simulator.mqtt;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Per-device MQTT passwords (the device id is the username), from a JSON file
 * {@code {"deviceId": "password", ...}}. Immutable, thread-safe.
 */
public record DeviceCredentials(Map<String, String> passwords) {
    public static final DeviceCredentials NONE = new DeviceCredentials(Map.of());

    public DeviceCredentials {
        passwords = Map.copyOf(passwords);
    }

    public static DeviceCredentials read(Path file) {
        try {
            return new DeviceCredentials(new ObjectMapper().readValue(file.toFile(), new TypeReference<>() {}));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "credentials file " + file + " must be a JSON object of deviceId -> password: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The password for a device: the file's entry for its id as run, else for its id as written in
     * the scenario, else the scenario's own password, else none (anonymous brokers).
     */
    public String passwordFor(String deviceId, String scenarioDeviceId, String scenarioPassword) {
        if (passwords.containsKey(deviceId)) {
            return passwords.get(deviceId);
        }
        if (passwords.containsKey(scenarioDeviceId)) {
            return passwords.get(scenarioDeviceId);
        }
        return scenarioPassword;
    }
}
