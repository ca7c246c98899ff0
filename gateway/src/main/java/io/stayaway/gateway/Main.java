package io.stayaway.gateway;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the gateway from environment configuration and runs until the process is stopped; or, with {@code verify}, checks an evidence archive offline. */
public final class Main {
    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length > 0 && args[0].equals("verify")) {
            System.exit(VerifyCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), System.out, System.err));
            return;
        }
        if (args.length > 0) {
            System.err.println(
                    "usage: java -jar gateway-VERSION.jar              (run the gateway; configuration from the environment)\n"
                            + "       java -jar gateway-VERSION.jar verify BUNDLE.zip [--key PUBLISHED-KEY.pem]");
            System.exit(2);
            return;
        }
        GatewayConfig config;
        try {
            config = GatewayConfig.fromEnvironment();
        } catch (GatewayConfig.ConfigException e) {
            System.err.println("stayaway gateway: " + e.getMessage());
            System.exit(2);
            return;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(config, Clock.systemUTC());
        } catch (RuntimeException e) {
            LOG.error("gateway failed to start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("stopping gateway");
                            gateway.close();
                            stopped.countDown();
                        },
                        "shutdown"));
        stopped.await();
    }
}
