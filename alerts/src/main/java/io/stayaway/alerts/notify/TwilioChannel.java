package io.stayaway.alerts.notify;

import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.exception.TwilioException;
import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.TwilioRestClient;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.rest.api.v2010.account.CallCreator;
import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Say;
import com.twilio.type.PhoneNumber;
import com.twilio.type.Twiml;
import java.util.Locale;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * SMS (Messages API) and voice calls (Calls API with TwiML {@code <Say>}) through the Twilio Java SDK.
 * Thread-safe: the REST client and its connection pool are shared.
 */
public final class TwilioChannel implements NotificationChannel {
    /** A critical message is read out this many times so a sleepy officer hears it whole. */
    private static final int VOICE_REPEATS = 3;

    private final TwilioSettings settings;
    private final TwilioRestClient client;

    public TwilioChannel(TwilioSettings settings) {
        this.settings = settings;
        // The SDK stamps its own RequestConfig (30.5 s connect, no response timeout) on every request;
        // the first handler of the exec chain puts ours back before anything connects.
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectionRequestTimeout(Timeout.of(settings.connectTimeout()))
                .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                .setResponseTimeout(Timeout.of(settings.responseTimeout()))
                .build();
        ExecChainHandler ourTimeouts = (request, scope, chain) -> {
            scope.clientContext.setRequestConfig(timeouts);
            return chain.proceed(request, scope);
        };
        // Apache HttpClient would retry 429/503 on its own; the outbox owns retries, so it is told every failure.
        NetworkHttpClient network = new NetworkHttpClient(HttpClientBuilder.create()
                .setDefaultRequestConfig(timeouts)
                .addExecInterceptorFirst("stayaway-timeouts", ourTimeouts)
                .disableAutomaticRetries()
                .useSystemProperties());
        HttpClient http = new SingleAttemptHttpClient(network, settings.apiBaseUrl());
        this.client = new TwilioRestClient.Builder(settings.accountSid(), settings.authToken())
                .httpClient(http)
                .build();
    }

    @Override
    public ProviderReceipt send(OutgoingMessage message) throws DeliveryException {
        try {
            return switch (message.kind()) {
                case SMS -> sendSms(message);
                case VOICE -> call(message);
            };
        } catch (ApiException e) {
            Integer status = e.getStatusCode();
            boolean retryable = status == null || status == 429 || status >= 500;
            throw new DeliveryException(
                    "Twilio refused " + message.kind() + " to " + PhoneMask.mask(message.to()) + ": HTTP " + status
                            + " code " + e.getCode() + " " + e.getMessage(),
                    retryable,
                    status,
                    e);
        } catch (ApiConnectionException e) {
            throw new DeliveryException(
                    "Twilio unreachable for " + message.kind() + " to " + PhoneMask.mask(message.to()) + ": "
                            + e.getMessage(),
                    true,
                    null,
                    e);
        } catch (TwilioException e) {
            throw new DeliveryException(
                    "Twilio SDK failed for " + message.kind() + " to " + PhoneMask.mask(message.to()) + ": "
                            + e.getMessage(),
                    true,
                    null,
                    e);
        }
    }

    private ProviderReceipt sendSms(OutgoingMessage message) {
        MessageCreator creator =
                Message.creator(new PhoneNumber(message.to()), new PhoneNumber(settings.fromNumber()), message.body());
        if (settings.statusCallbackUrl() != null) {
            creator.setStatusCallback(settings.statusCallbackUrl());
        }
        Message sent = creator.create(client);
        return new ProviderReceipt(
                sent.getSid(),
                sent.getStatus() == null ? null : sent.getStatus().toString());
    }

    private ProviderReceipt call(OutgoingMessage message) throws DeliveryException {
        CallCreator creator = Call.creator(
                new PhoneNumber(message.to()), new PhoneNumber(settings.fromNumber()), new Twiml(twiml(message)));
        if (settings.statusCallbackUrl() != null) {
            creator.setStatusCallback(settings.statusCallbackUrl());
        }
        Call placed = creator.create(client);
        return new ProviderReceipt(
                placed.getSid(),
                placed.getStatus() == null ? null : placed.getStatus().toString());
    }

    /** TwiML that reads the message in the recipient's language, repeated. */
    static String twiml(OutgoingMessage message) throws DeliveryException {
        Say say = new Say.Builder(message.body())
                .language(sayLanguage(message.language()))
                .loop(VOICE_REPEATS)
                .build();
        try {
            return new VoiceResponse.Builder().say(say).build().toXml();
        } catch (TwiMLException e) {
            throw new DeliveryException("could not build TwiML for " + PhoneMask.mask(message.to()), false, null, e);
        }
    }

    private static Say.Language sayLanguage(Locale language) {
        return "zh".equals(language.getLanguage()) ? Say.Language.ZH_CN : Say.Language.EN_US;
    }

    @Override
    public String name() {
        return "twilio";
    }
}
