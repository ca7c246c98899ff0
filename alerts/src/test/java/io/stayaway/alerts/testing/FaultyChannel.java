package io.stayaway.alerts.testing;

import io.stayaway.alerts.notify.DeliveryException;
import io.stayaway.alerts.notify.NotificationChannel;
import io.stayaway.alerts.notify.OutgoingMessage;
import io.stayaway.alerts.notify.ProviderReceipt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A channel that hands messages to a real one, except those a rule picks: for those it throws before
 * anything is sent, standing in for a bug in a channel or the SDK (a NullPointerException, a template
 * error) or, with {@link ProcessKilled}, for the process dying mid-send. Fault injection at the
 * channel's edge; everything else goes through the real channel. Thread-safe.
 */
public final class FaultyChannel implements NotificationChannel {
    private final NotificationChannel real;
    private final Predicate<OutgoingMessage> faulty;
    private final Function<OutgoingMessage, Throwable> fault;
    private final AtomicInteger faults = new AtomicInteger();

    private FaultyChannel(
            NotificationChannel real, Predicate<OutgoingMessage> faulty, Function<OutgoingMessage, Throwable> fault) {
        this.real = real;
        this.faulty = faulty;
        this.fault = fault;
    }

    /** Throws {@code failure}'s exception for every message {@code faulty} picks. */
    public static FaultyChannel throwing(
            NotificationChannel real,
            Predicate<OutgoingMessage> faulty,
            Function<OutgoingMessage, RuntimeException> failure) {
        return new FaultyChannel(real, faulty, failure::apply);
    }

    /** Kills the sending thread ({@link ProcessKilled}) for every message {@code faulty} picks. */
    public static FaultyChannel killing(NotificationChannel real, Predicate<OutgoingMessage> faulty) {
        return new FaultyChannel(
                real, faulty, m -> new ProcessKilled("process killed while sending " + m.kind() + " to " + m.to()));
    }

    /** Picks the SMS messages to one number. */
    public static Predicate<OutgoingMessage> smsTo(String number) {
        return m -> m.kind() == OutgoingMessage.Kind.SMS && m.to().equals(number);
    }

    /** Picks every message, SMS or call, to one number. */
    public static Predicate<OutgoingMessage> anythingTo(String number) {
        return m -> m.to().equals(number);
    }

    /** How many messages the fault struck. */
    public int faults() {
        return faults.get();
    }

    @Override
    public ProviderReceipt send(OutgoingMessage message) throws DeliveryException {
        if (faulty.test(message)) {
            faults.incrementAndGet();
            Throwable t = fault.apply(message);
            if (t instanceof Error e) {
                throw e;
            }
            throw (RuntimeException) t;
        }
        return real.send(message);
    }

    @Override
    public String name() {
        return "faulty " + real.name();
    }
}
