package io.stayaway.gateway.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * An OutputStream onto a chunked HTTP response, for a worker thread producing a large body: bytes go
 * out in 64 KiB chunks, and the writer waits while the response's write queue is full (the client
 * reads slowly), so a large export never piles up in memory.
 */
final class ResponseStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;
    private static final long STALL_SECONDS = 120;

    private final HttpServerResponse response;
    private byte[] buffer = new byte[CHUNK];
    private int used;
    private volatile boolean closed;
    private boolean ended;

    ResponseStream(HttpServerResponse response) {
        this.response = response;
        response.setChunked(true);
        response.closeHandler(v -> closed = true);
    }

    @Override
    public void write(int b) throws IOException {
        if (used == buffer.length) {
            flushChunk();
        }
        buffer[used++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (used == buffer.length) {
                flushChunk();
            }
            int n = Math.min(len, buffer.length - used);
            System.arraycopy(b, off, buffer, used, n);
            used += n;
            off += n;
            len -= n;
        }
    }

    private void flushChunk() throws IOException {
        if (closed) {
            throw new IOException("the client closed the connection");
        }
        if (used == 0) {
            return;
        }
        if (response.writeQueueFull()) {
            CountDownLatch drained = new CountDownLatch(1);
            response.drainHandler(v -> drained.countDown());
            try {
                if (response.writeQueueFull() && !drained.await(STALL_SECONDS, TimeUnit.SECONDS)) {
                    throw new IOException("the client has not read for " + STALL_SECONDS + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the client", e);
            }
        }
        response.write(Buffer.buffer(java.util.Arrays.copyOf(buffer, used)));
        buffer = new byte[CHUNK];
        used = 0;
    }

    /** Sends what is left and ends the response; a second close (the archive closes its stream, then the caller) does nothing. */
    @Override
    public void close() throws IOException {
        if (ended) {
            return;
        }
        flushChunk();
        ended = true;
        response.end();
    }
}
