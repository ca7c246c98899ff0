package io.stayaway.simulator;

import io.stayaway.simulator.mqtt.DeviceCredentials;
import io.stayaway.simulator.mqtt.MqttEndpoint;
import io.stayaway.simulator.mqtt.TopicScheme;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where and how the simulated devices connect; each option can come from an environment variable. Picocli-populated, confined to the command's thread. */
final class MqttOptions {
    @Option(
            names = "--host",
            defaultValue = "${env:STAYAWAY_MQTT_HOST:-127.0.0.1}",
            description =
                    "MQTT host: a broker or the gateway's embedded endpoint (env STAYAWAY_MQTT_HOST; default ${DEFAULT-VALUE})")
    String host;

    @Option(
            names = "--port",
            defaultValue = "${env:STAYAWAY_MQTT_PORT:-1883}",
            description = "MQTT port (env STAYAWAY_MQTT_PORT; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--tls", description = "connect with TLS (ssl://)")
    boolean tls;

    @Option(
            names = "--truststore",
            paramLabel = "FILE",
            description = "trust store (PKCS12, or JKS when named *.jks) for --tls; default: the JVM's")
    Path truststore;

    @Option(
            names = "--truststore-password",
            paramLabel = "SECRET",
            defaultValue = "${env:STAYAWAY_TRUSTSTORE_PASSWORD}",
            description = "trust store password (env STAYAWAY_TRUSTSTORE_PASSWORD)")
    String truststorePassword;

    @Option(
            names = "--credentials",
            paramLabel = "FILE",
            description = "JSON object deviceId -> MQTT password; the username is always the device id")
    Path credentials;

    @Option(
            names = "--topic-prefix",
            paramLabel = "PREFIX",
            defaultValue = "",
            description = "put every topic under PREFIX/ (for sharing a broker); default: the contract's wearables/...")
    String topicPrefix;

    @Option(
            names = "--session-expiry",
            defaultValue = "0",
            paramLabel = "SECONDS",
            description = "keep each device's MQTT session this long after a disconnection (0: a clean session on "
                    + "every connection); with a session, unacknowledged uplinks are resent after a reconnection")
    long sessionExpirySeconds;

    MqttEndpoint endpoint() {
        return new MqttEndpoint(host, port, tls, truststore, truststorePassword, new TopicScheme(topicPrefix));
    }

    DeviceCredentials deviceCredentials() {
        return credentials == null ? DeviceCredentials.NONE : DeviceCredentials.read(credentials);
    }
}
