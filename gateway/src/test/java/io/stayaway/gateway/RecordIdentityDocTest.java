package io.stayaway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/wire-contract.md names as the identity of a record what storage enforces: the primary key of
 * {@code pings} and {@code device_events} (their migration), in the contract's field names. (Issue #13: the
 * contract said {@code (deviceId, seq)} while storage kept a second record with the same seq and another ts.)
 */
class RecordIdentityDocTest {
    private static final String MIGRATION = "db/gateway/V1__devices_orders_pings.sql";

    @Test
    void theWireContractsRecordIdentityIsTheStoragePrimaryKey() throws IOException {
        String schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MIGRATION)) {
            schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String pings = wireKey(schema, "pings");
        assertEquals(pings, wireKey(schema, "device_events"), "pings and events have one identity");

        String contract = Files.readString(
                Path.of("").toAbsolutePath().resolveSibling("docs").resolve("wire-contract.md"));
        String seqRow = contract.lines()
                .filter(l -> l.startsWith("| `seq` |"))
                .findFirst()
                .orElseThrow();
        assertTrue(seqRow.contains("`" + pings + "`"), "the seq field's row names " + pings + ": " + seqRow);
        assertTrue(
                contract.contains("A record is identified by `" + pings + "`"),
                "\"Identity and redelivery\" states " + pings);
    }

    /** The table's primary key as the wire contract spells it, e.g. {@code (deviceId, seq, ts)}. */
    private static String wireKey(String schema, String table) {
        Matcher m = Pattern.compile("CREATE TABLE " + table + " \\((.*?)\\n\\)", Pattern.DOTALL)
                .matcher(schema);
        assertTrue(m.find(), "no table " + table + " in " + MIGRATION);
        Matcher key = Pattern.compile("PRIMARY KEY \\(([^)]*)\\)").matcher(m.group(1));
        assertTrue(key.find(), "no primary key of " + table);
        List<String> columns = new ArrayList<>();
        for (String column : key.group(1).split(",")) {
            columns.add(camel(column.trim()));
        }
        return "(" + String.join(", ", columns) + ")";
    }

    private static String camel(String column) {
        StringBuilder s = new StringBuilder();
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                s.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return s.toString();
    }
}
