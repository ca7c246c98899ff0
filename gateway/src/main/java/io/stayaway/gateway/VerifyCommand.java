package io.stayaway.gateway;

import io.stayaway.alerts.evidence.BundleVerifier;
import io.stayaway.alerts.evidence.EvidenceKey;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Optional;

/**
 * {@code verify BUNDLE.zip [--key KEY.pem]}: checks an evidence archive with no database and no network,
 * prints every check and a verdict. Exit status 0 = verified, 1 = not verified, 2 = usage or unreadable input.
 */
final class VerifyCommand {
    private VerifyCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path bundle = null;
        Optional<PublicKey> key = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--key") && i + 1 < args.length) {
                Path keyFile = Path.of(args[++i]);
                try {
                    key = Optional.of(EvidenceKey.parsePublicKey(Files.readString(keyFile, StandardCharsets.US_ASCII)));
                } catch (IOException | GeneralSecurityException e) {
                    err.println("verify: cannot read the public key " + keyFile + ": " + e.getMessage());
                    return 2;
                }
            } else if (bundle == null && !args[i].startsWith("--")) {
                bundle = Path.of(args[i]);
            } else {
                err.println("verify: unexpected argument " + args[i]
                        + "\nusage: verify BUNDLE.zip [--key PUBLISHED-KEY.pem]");
                return 2;
            }
        }
        if (bundle == null) {
            err.println("usage: verify BUNDLE.zip [--key PUBLISHED-KEY.pem]");
            return 2;
        }
        if (!Files.isReadable(bundle)) {
            err.println("verify: cannot read " + bundle);
            return 2;
        }
        try {
            long start = System.nanoTime();
            BundleVerifier.Verdict verdict = BundleVerifier.verify(bundle, key);
            out.print("Stayaway evidence verification of " + bundle.getFileName() + "\n" + verdict.render());
            out.printf("(checked in %.1f s)%n", (System.nanoTime() - start) / 1e9);
            return verdict.verified() ? 0 : 1;
        } catch (IOException e) {
            err.println("verify: cannot read " + bundle + ": " + e.getMessage());
            return 2;
        }
    }
}
