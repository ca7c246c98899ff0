package io.stayaway.gateway.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConnectRefusalsTest {
    private static final Instant T0 = Instant.parse("2026-11-27T12:00:00Z");
    private static final SocketAddress FROM = SocketAddress.inetSocketAddress(40000, "192.0.2.7");

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Instant now = T0;
    private final ConnectRefusals refusals = new ConnectRefusals(new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    });

    @BeforeEach
    void capture() {
        log.start();
        logger().addAppender(log);
    }

    @AfterEach
    void release() {
        logger().detachAppender(log);
    }

    private static Logger logger() {
        return (Logger) LoggerFactory.getLogger(ConnectRefusals.class);
    }

    @Test
    void everyRefusalIsCountedButAtMostTwentyAMinuteAreLoggedAndTheRestSummedUpInOneLine() {
        for (int i = 0; i < 500; i++) {
            refusals.refused(ConnectRefusals.Reason.BAD_CREDENTIALS, "guess-" + i, FROM, null);
        }
        assertEquals(500, refusals.count(ConnectRefusals.Reason.BAD_CREDENTIALS));
        assertEquals(ConnectRefusals.LINES_PER_MINUTE, log.list.size());

        now = T0.plus(Duration.ofSeconds(61));
        refusals.reportSuppressed();
        List<String> lines =
                log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(ConnectRefusals.LINES_PER_MINUTE + 1, lines.size());
        assertTrue(lines.get(lines.size() - 1).startsWith("suppressed 480 refused MQTT connection(s)"), lines.get(20));
        refusals.reportSuppressed();
        assertEquals(ConnectRefusals.LINES_PER_MINUTE + 1, log.list.size(), "the summary is written once");
    }

    @Test
    void theUserNameIsEscapedInTheLogLine() {
        refusals.refused(ConnectRefusals.Reason.BAD_CREDENTIALS, "dev\n12:00:00.000 INFO Gateway - FORGED", FROM, null);
        String line = log.list.get(0).getFormattedMessage();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.contains("dev\\n12:00:00.000 INFO Gateway - FORGED"), line);
    }
}
