package io.stayaway.alerts.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Phone numbers never reach the log whole (issue 15, item 9): the dry-run line and Twilio's failures mask them. */
class PhoneMaskingTest {
    private static final String NUMBER = "+8613800001234";

    @Test
    void aDryRunLineShowsTheCountryPrefixAndTheLastFourDigitsOnly() {
        Logger logger = (Logger) LoggerFactory.getLogger(DryRunChannel.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            new DryRunChannel()
                    .send(new OutgoingMessage(OutgoingMessage.Kind.SMS, NUMBER, "PANIC", Locale.ENGLISH, "k1"));
        } finally {
            logger.detachAppender(lines);
        }
        assertEquals(1, lines.list.size());
        String line = lines.list.get(0).getFormattedMessage();
        assertFalse(line.contains(NUMBER), line);
        assertFalse(line.contains("13800001234"), line);
        assertTrue(line.contains("+86•••••1234"), line);
    }

    @Test
    void aTwilioFailureNamesTheNumberMasked() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        TwilioChannel channel = new TwilioChannel(new TwilioSettings(
                "AC00000000000000000000000000000000",
                "token",
                "+15005550006",
                URI.create("http://127.0.0.1:" + closedPort),
                null,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)));
        DeliveryException e = assertThrows(
                DeliveryException.class,
                () -> channel.send(
                        new OutgoingMessage(OutgoingMessage.Kind.SMS, NUMBER, "PANIC", Locale.ENGLISH, "k2")));
        assertFalse(e.getMessage().contains(NUMBER), e.getMessage());
        assertTrue(e.getMessage().contains("+86•••••1234"), e.getMessage());
    }

    @Test
    void aShortOrMissingNumberIsHiddenEntirely() {
        assertEquals("•••••", PhoneMask.mask(null));
        assertEquals("•••••", PhoneMask.mask("+12345"));
    }
}
