package io.stayaway.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * An MQTT 3.1.1 CONNECT sent by hand, as a hostile client would: Paho refuses to put control characters in a user
 * name, and a raw socket times the gateway's answer without a client library's own work. Stateless.
 */
final class RawConnect {
    private RawConnect() {}

    /** Sends the CONNECT, waits for the CONNACK and returns its return code (MQTT 3.1.1 §3.2.2.3; 0 accepted). */
    static int connect(int port, String clientId, String username, String password) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(body);
        out.writeUTF("MQTT");
        out.writeByte(4); // protocol level 3.1.1
        out.writeByte(0xC2); // user name, password, clean session
        out.writeShort(30);
        out.writeUTF(clientId);
        out.writeUTF(username);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        out.writeShort(secret.length);
        out.write(secret);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.setTcpNoDelay(true);
            OutputStream to = socket.getOutputStream();
            ByteArrayOutputStream packet = new ByteArrayOutputStream();
            packet.write(0x10);
            int length = body.size();
            do { // remaining length, MQTT 3.1.1 §2.2.3
                int b = length % 128;
                length /= 128;
                packet.write(length > 0 ? b | 0x80 : b);
            } while (length > 0);
            body.writeTo(packet);
            packet.writeTo(to);
            to.flush();
            byte[] connack = socket.getInputStream().readNBytes(4);
            if (connack.length != 4 || (connack[0] & 0xFF) != 0x20) {
                throw new IOException("no CONNACK");
            }
            return connack[3];
        }
    }
}
