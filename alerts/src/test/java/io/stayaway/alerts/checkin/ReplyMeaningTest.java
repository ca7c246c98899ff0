package io.stayaway.alerts.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How an inbound text is read: trimmed, case-insensitive, full-width digits and letters as ASCII. */
class ReplyMeaningTest {
    @ParameterizedTest(name = "''{0}'' means {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1|SAFE",
                "' 1 '|SAFE",
                "１|SAFE",
                "2|HELP",
                "'２\n'|HELP",
                "'\t2'|HELP",
                "STOP|OPT_OUT",
                "stop|OPT_OUT",
                "Ｓｔｏｐ|OPT_OUT",
                "STOPALL|OPT_OUT",
                "unsubscribe|OPT_OUT",
                "Cancel|OPT_OUT",
                "END|OPT_OUT",
                "quit|OPT_OUT",
                "START|OPT_IN",
                "unstop|OPT_IN",
                "12|OTHER",
                "'1 2'|OTHER",
                "3|OTHER",
                "''|OTHER",
                "please stop|OTHER",
                "我需要帮助|OTHER",
                "二|OTHER"
            })
    void readsTheReply(String body, ReplyMeaning expected) {
        assertEquals(expected, ReplyMeaning.of(body));
    }
}
