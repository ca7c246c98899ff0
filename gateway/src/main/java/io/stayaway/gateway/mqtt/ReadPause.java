package io.stayaway.gateway.mqtt;

import io.netty.channel.Channel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Backpressure for the embedded endpoint's connections: after a PUBLISH taken while storage is saturated it
 * stops reading from that device's connection (TCP then pushes back on the device, whatever its protocol
 * version or QoS); one timer, running only while some connection is paused, checks every {@value #CHECK_MILLIS}
 * ms and resumes them all once storage is no longer saturated. What the queue can overshoot is what was
 * already read: at most one socket read per connection. Thread-safe; each connection's reading is switched on
 * its own event loop.
 *
 * <p>Vert.x MQTT 5.0's {@code MqttEndpoint} has no pause (vert-x3/vertx-mqtt#6; 5.0 added one to the
 * client only), and {@code NetSocket.pause()} does not stop a socket read through a message handler, as the
 * MQTT server's is. So this turns Netty's auto-read off and on for the endpoint's channel, reached
 * through the endpoint's connection field; {@link #requireAvailable} fails the endpoint's start if a
 * Vert.x version moves that field, rather than leaving devices unbounded.
 */
final class ReadPause {
    static final long CHECK_MILLIS = 10;
    private static final Field CONNECTION = connectionField();

    private final Vertx vertx;
    private final BooleanSupplier saturated;
    /** Paused connections, each with the context (event loop) it runs on. */
    private final Map<MqttEndpoint, Context> paused = new ConcurrentHashMap<>();
    /** The resume check's timer, -1 when none runs; guarded by {@code this}. */
    private long timer = -1;

    ReadPause(Vertx vertx, BooleanSupplier saturated) {
        this.vertx = vertx;
        this.saturated = saturated;
    }

    /** Fails unless this Vert.x lets the endpoint stop reading from a connection. */
    static void requireAvailable() {
        if (CONNECTION == null) {
            throw new IllegalStateException("this Vert.x MQTT version does not expose an endpoint's connection"
                    + " (MqttEndpointImpl.conn): the embedded endpoint could not stop reading while storage is behind");
        }
    }

    /** After a PUBLISH was handed to the pipeline, on the endpoint's event loop: stops reading while saturated. */
    void afterPublish(MqttEndpoint endpoint, Context context) {
        if (!saturated.getAsBoolean() || paused.putIfAbsent(endpoint, context) != null) {
            return;
        }
        channel(endpoint).config().setAutoRead(false);
        synchronized (this) {
            if (timer < 0) {
                timer = vertx.setPeriodic(CHECK_MILLIS, id -> resumeIfRoom());
            }
        }
    }

    /** The connection closed: nothing to resume. */
    void closed(MqttEndpoint endpoint) {
        paused.remove(endpoint);
    }

    private void resumeIfRoom() {
        if (saturated.getAsBoolean()) {
            return;
        }
        for (MqttEndpoint endpoint : paused.keySet()) {
            Context context = paused.remove(endpoint);
            if (context != null) {
                context.runOnContext(v -> channel(endpoint).config().setAutoRead(true));
            }
        }
        synchronized (this) {
            if (paused.isEmpty() && timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }
    }

    private static Channel channel(MqttEndpoint endpoint) {
        try {
            return ((NetSocketInternal) CONNECTION.get(endpoint))
                    .channelHandlerContext()
                    .channel();
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot reach the connection of " + endpoint.clientIdentifier(), e);
        }
    }

    private static Field connectionField() {
        try {
            Field f = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
            if (!NetSocketInternal.class.isAssignableFrom(f.getType())) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
