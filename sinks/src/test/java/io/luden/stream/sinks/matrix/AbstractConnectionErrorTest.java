package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.ConnectionSettings;
import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.WarehouseException;
import io.luden.stream.sinks.testing.TrackingDriver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** SPEC §10: an unreachable warehouse is a CONNECTION error (retry later), never a DATA one; the writer recovers. */
public abstract class AbstractConnectionErrorTest extends WarehouseTestBase {

    /** Settings for this database that cannot be connected to (nobody listening, unusable file, …). */
    protected abstract ConnectionSettings unreachableSettings();

    @Test
    void unreachableWarehouseIsAConnectionError() {
        Warehouse w = warehouse(unreachableSettings());

        WarehouseException e = refused(w, row("events", "e1", str("a", "x")), cache);

        assertThat(e.kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
        assertThat(e.getMessage()).contains(unreachableSettings().type());
        assertThat(cache.asMap()).isEmpty();
        // still unreachable on the next event, and still not a data error
        assertThat(refused(w, row("events", "e2", str("a", "y")), cache).kind()).isEqualTo(WarehouseException.Kind.CONNECTION);
    }

    @Test
    void connectionClosedUnderTheWriterIsReopenedByTheNextWrite() throws Exception {
        Warehouse w = warehouse(database().settings(schema, TrackingDriver.parameters(schema)));
        w.write(row("events", "e1", str("a", "1")), cache);

        assertThat(TrackingDriver.closeAll(schema)).isEqualTo(1);

        // the schema is cached, so the INSERT is the first use of the closed connection
        w.write(row("events", "e2", str("a", "2")), cache);
        assertThat(rows("events", EVENT_ID)).extracting(r -> r.get("a")).containsExactly("1", "2");
        assertThat(TrackingDriver.opened(schema)).isEqualTo(2);
    }
}
