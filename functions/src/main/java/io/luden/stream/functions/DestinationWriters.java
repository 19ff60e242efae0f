package io.luden.stream.functions;

import io.luden.stream.config.DestinationConfig;
import io.luden.stream.functions.webhook.WebhookSettings;
import io.luden.stream.functions.webhook.WebhookWriter;
import io.luden.stream.sinks.BatchWriter;
import io.luden.stream.sinks.BatchWriters;

/**
 * The {@link BatchWriter} of a destination: the writers that need this module (templates of the
 * event: a webhook) are made here, every other one by {@link BatchWriters#create} from its settings.
 */
public final class DestinationWriters {
    private DestinationWriters() {}

    public static BatchWriter create(DestinationConfig destination) {
        if (WebhookSettings.TYPE.equals(destination.type())) {
            return new WebhookWriter(destination.id(), WebhookSettings.of(destination.connection()));
        }
        return BatchWriters.create(destination.connection(), destination.dataLayout().primaryKeyFields(),
                destination.dataLayout().maxColumns());
    }
}
