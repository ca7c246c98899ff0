package io.stayaway.gateway.mqtt;

import io.netty.channel.Channel;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import java.util.function.BooleanSupplier;

/**
 * Backpressure for one device's connection to the embedded endpoint: after each PUBLISH taken while storage
 * is saturated it stops reading from the connection (TCP then pushes back on the device, whatever its
 * protocol version or QoS), and resumes once storage is no longer saturated, checked every
 * {@value #CHECK_MILLIS} ms. What the queue can overshoot is what was already read: at most one socket
 * read per connection. Event-loop only (the connection's).
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
    private final MqttEndpoint endpoint;
    private final BooleanSupplier saturated;
    private long resumeTimer = -1;

    ReadPause(Vertx vertx, MqttEndpoint endpoint, BooleanSupplier saturated) {
        this.vertx = vertx;
        this.endpoint = endpoint;
        this.saturated = saturated;
    }

    /** Fails unless this Vert.x lets the endpoint stop reading from a connection. */
    static void requireAvailable() {
        if (CONNECTION == null) {
            throw new IllegalStateException("this Vert.x MQTT version does not expose an endpoint's connection"
                    + " (MqttEndpointImpl.conn): the embedded endpoint could not stop reading while storage is behind");
        }
    }

    /** After a PUBLISH was handed to the pipeline: stops reading while storage is saturated. */
    void afterPublish() {
        if (resumeTimer >= 0 || !saturated.getAsBoolean()) {
            return;
        }
        channel().config().setAutoRead(false);
        resumeTimer = vertx.setPeriodic(CHECK_MILLIS, id -> {
            if (!saturated.getAsBoolean()) {
                stop();
                channel().config().setAutoRead(true);
            }
        });
    }

    /** The connection closed (or storage caught up): no more checks. */
    void stop() {
        if (resumeTimer >= 0) {
            vertx.cancelTimer(resumeTimer);
            resumeTimer = -1;
        }
    }

    private Channel channel() {
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
