package io.stayaway.simulator.load;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Optional CSV of every ping a load run sent, for publish-to-stored latency analysis against the
 * gateway's storage: deviceId,seq,ts,sent_us,acked_us,outcome (epoch microseconds). Writes are
 * synchronized: Paho's callback threads call {@link #record} concurrently.
 */
final class SendLog implements AutoCloseable {
    static final String HEADER = "deviceId,seq,ts,sent_us,acked_us,outcome";

    private final BufferedWriter writer;

    private SendLog(BufferedWriter writer) {
        this.writer = writer;
    }

    static SendLog to(Path file) {
        if (file == null) {
            return new SendLog(null);
        }
        try {
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            writer.write(HEADER);
            writer.newLine();
            return new SendLog(writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write send log " + file, e);
        }
    }

    void record(String deviceId, long seq, long ts, long sentMicros, long ackedMicros, String outcome) {
        if (writer == null) {
            return;
        }
        synchronized (this) {
            try {
                writer.write(deviceId
                        + ','
                        + seq
                        + ','
                        + ts
                        + ','
                        + sentMicros
                        + ','
                        + (ackedMicros < 0 ? "" : Long.toString(ackedMicros))
                        + ','
                        + outcome);
                writer.newLine();
            } catch (IOException e) {
                throw new UncheckedIOException("send log write failed", e);
            }
        }
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("send log close failed", e);
        }
    }
}
