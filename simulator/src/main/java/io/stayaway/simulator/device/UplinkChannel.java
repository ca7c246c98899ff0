package io.stayaway.simulator.device;

/** Where wearables' uplinks go: an MQTT connection, a recording, a list in a test. Implementations say their threading. */
public interface UplinkChannel {
    void send(Uplink uplink);
}
