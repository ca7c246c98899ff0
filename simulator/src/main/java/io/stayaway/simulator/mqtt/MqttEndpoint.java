package io.stayaway.simulator.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * Where the wearables connect: a broker or the gateway's embedded MQTT endpoint, plain or TLS
 * (with an optional trust store, PKCS12 or JKS), and the topic scheme. Immutable, thread-safe.
 */
public record MqttEndpoint(
        String host, int port, boolean tls, Path truststore, String truststorePassword, TopicScheme topics) {
    public MqttEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("MQTT host is required");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("MQTT port must be 1..65535, got " + port);
        }
        if (truststore != null && !tls) {
            throw new IllegalArgumentException("--truststore needs --tls");
        }
        if (truststore != null && !Files.isReadable(truststore)) {
            throw new IllegalArgumentException("trust store " + truststore + " is not readable");
        }
        topics = topics == null ? TopicScheme.CONTRACT : topics;
    }

    public static MqttEndpoint plain(String host, int port, TopicScheme topics) {
        return new MqttEndpoint(host, port, false, null, null, topics);
    }

    public String serverUri() {
        return (tls ? "ssl://" : "tcp://") + host + ":" + port;
    }

    /** Options for one connection authenticating as {@code username} (null: anonymous), with a clean session. */
    public MqttConnectionOptions connectionOptions(String username, String password) {
        return connectionOptions(username, password, 0);
    }

    /**
     * Options for one connection; with {@code sessionExpirySeconds} > 0 the session persists (MQTT 5
     * §3.1.2.11.2, Clean Start 0 after the first connection) so that the broker keeps the subscription
     * and the client resends its unacknowledged QoS 1 messages after a reconnection (§4.4).
     */
    public MqttConnectionOptions connectionOptions(String username, String password, long sessionExpirySeconds) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(sessionExpirySeconds <= 0);
        if (sessionExpirySeconds > 0) {
            options.setSessionExpiryInterval(sessionExpirySeconds);
        }
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setConnectionTimeout(10);
        options.setKeepAliveInterval(30);
        if (username != null) {
            options.setUserName(username);
        }
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls && truststore != null) {
            options.setSocketFactory(trustingSocketFactory().getSocketFactory());
        }
        return options;
    }

    private SSLContext trustingSocketFactory() {
        char[] secret = truststorePassword == null ? new char[0] : truststorePassword.toCharArray();
        try (InputStream in = Files.newInputStream(truststore)) {
            KeyStore store = KeyStore.getInstance(truststore.toString().endsWith(".jks") ? "JKS" : "PKCS12");
            store.load(in, secret);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read trust store " + truststore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("trust store " + truststore + " is unusable: " + e.getMessage(), e);
        }
    }
}
