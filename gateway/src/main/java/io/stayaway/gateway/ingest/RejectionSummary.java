package io.stayaway.gateway.ingest;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One refusal for a whole message that had several refused records (a store-and-forward array): what is kept in
 * {@code rejected_messages} and echoed to the device, once, however many elements were bad, so that one message
 * cannot make the gateway write and send thousands (docs/wire-contract.md, "Store-and-forward"). Its reason is
 * the most frequent one, its detail counts them all and quotes the first, its raw bytes are the message's.
 * Stateless.
 */
public final class RejectionSummary {
    private RejectionSummary() {}

    /**
     * @param message the message the records came from
     * @param records how many records the message held (accepted and refused)
     * @param refused its refused records, in message order; at least one
     * @return the one refusal to keep and echo: {@code refused}'s only element if there is one, else a summary
     */
    public static Rejection of(RawMessage message, int records, List<Rejection> refused) {
        if (refused.isEmpty()) {
            throw new IllegalArgumentException("nothing refused to summarize");
        }
        if (refused.size() == 1) {
            return refused.get(0);
        }
        Map<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
        for (Rejection r : refused) {
            byReason.merge(r.reason(), 1L, Long::sum);
        }
        RejectReason most = byReason.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .orElseThrow()
                .getKey();
        String counts = byReason.entrySet().stream()
                .sorted(Map.Entry.<RejectReason, Long>comparingByValue().reversed())
                .map(e -> e.getValue() + " " + e.getKey().wireName())
                .collect(Collectors.joining(", "));
        Rejection first = refused.get(0);
        String detail = refused.size() + " of " + records + " elements rejected: " + counts + "; the first: "
                + first.reason().wireName() + ", " + first.detail();
        return new Rejection(message.topic(), first.deviceId(), most, detail, message.payload());
    }
}
