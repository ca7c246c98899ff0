package io.stayaway.gateway.downlink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The downlink as the evaluator sees it before the transport exists: evaluation (and its start-up
 * replay) is built and started before the MQTT transport, which is attached here once built. A command
 * sent before then is dropped with a log line (pursuit mode sends again on the next state change).
 * Thread-safe.
 */
public final class DownlinkRelay implements Downlink {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkRelay.class);

    private volatile Downlink transport;

    public void attach(Downlink transport) {
        this.transport = transport;
    }

    @Override
    public void send(String deviceId, String command) {
        Downlink t = transport;
        if (t == null) {
            LOG.warn("no MQTT transport yet; command to {} dropped: {}", deviceId, command);
            return;
        }
        t.send(deviceId, command);
    }
}
