package io.luden.stream.sinks.matrix;

import io.luden.stream.sinks.Warehouse;
import io.luden.stream.sinks.testing.MapSchemaCache;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** DESIGN "Writes are idempotent": a replayed event never makes a second row; a primary key upserts. */
public abstract class AbstractIdempotenceTest extends WarehouseTestBase {

    @Test
    void sameEventIdTwiceMakesOneRow() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "first")), cache);
        w.write(row("events", "e1", str("a", "replayed")), cache);

        assertThat(rows("events", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("a", "first"));
    }

    @Test
    void replayAfterARestartMakesNoSecondRow() throws Exception {
        warehouse().write(row("events", "e1", str("a", "x")), cache);
        // a restored job: new Warehouse, cache from an older checkpoint (empty)
        warehouse().write(row("events", "e1", str("a", "x")), new MapSchemaCache());

        assertThat(count("events")).isEqualTo(1);
    }

    @Test
    void differentEventIdsMakeTwoRows() throws Exception {
        Warehouse w = warehouse();
        w.write(row("events", "e1", str("a", "x")), cache);
        w.write(row("events", "e2", str("a", "x")), cache);

        assertThat(count("events")).isEqualTo(2);
    }

    @Test
    void primaryKeyUpsertUpdatesTheOtherColumns() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("users", "e1", integer("id", 1), str("name", "old")), cache);
        w.write(row("users", "e2", integer("id", 1), str("name", "new")), cache);
        w.write(row("users", "e3", integer("id", 2), str("name", "other")), cache);

        assertThat(rows("users", "id")).extracting(r -> r.get("name")).containsExactly("new", "other");
        assertThat(rows("users", "id").get(0)).containsEntry(EVENT_ID, "e2");
    }

    @Test
    void upsertKeepsColumnsTheRowDoesNotHave() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("users", "e1", integer("id", 1), str("name", "n"), str("email", "m@x")), cache);
        w.write(row("users", "e2", integer("id", 1), str("name", "n2")), cache);

        assertThat(rows("users", "id")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("name", "n2").containsEntry("email", "m@x"));
    }

    @Test
    void upsertOfOnlyKeyColumnsDoesNothing() throws Exception {
        Warehouse w = warehouse("id");
        w.write(row("ids", null, integer("id", 1)), cache);
        w.write(row("ids", null, integer("id", 1)), cache);

        assertThat(count("ids")).isEqualTo(1);
    }

    @Test
    void tableCreatedWithoutKeyIsAtLeastOnce() throws Exception {
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("manual") + " (" + dialect().quote(EVENT_ID) + " " + dialect().sqlType(
                io.luden.stream.sinks.DataType.STRING) + ", a " + dialect().sqlType(io.luden.stream.sinks.DataType.STRING) + ")");
        Warehouse w = warehouse();
        w.write(row("manual", "e1", str("a", "x")), cache);
        w.write(row("manual", "e1", str("a", "x")), cache);

        assertThat(count("manual")).isEqualTo(2);
    }

    @Test
    void userCreatedUniqueIndexOnEventIdIsUsed() throws Exception {
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("manual") + " (a " + dialect().sqlType(io.luden.stream.sinks.DataType.STRING)
                + ", " + dialect().quote(EVENT_ID) + " " + dialect().sqlType(io.luden.stream.sinks.DataType.STRING)
                + " UNIQUE)");
        Warehouse w = warehouse();
        w.write(row("manual", "e1", str("a", "x")), cache);
        w.write(row("manual", "e1", str("a", "y")), cache);

        assertThat(rows("manual", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("a", "x"));
    }

    @Test
    void anotherConstraintOfAUserTableRefusesTheRowAndADuplicateIsStillNoSecondRow() throws Exception {
        String text = dialect().sqlType(io.luden.stream.sinks.DataType.STRING);
        exec("CREATE SCHEMA IF NOT EXISTS " + dialect().quote(schema));
        exec("CREATE TABLE " + table("manual") + " (a " + text + " NOT NULL, b " + text + ", "
                + dialect().quote(EVENT_ID) + " " + text + " UNIQUE)");
        Warehouse w = warehouse();
        w.write(row("manual", "e1", str("a", "x")), cache);
        w.write(row("manual", "e1", str("a", "y")), cache);

        io.luden.stream.sinks.WarehouseException e = refused(w, row("manual", "e2", str("b", "no a")), cache);

        assertThat(e.kind()).isEqualTo(io.luden.stream.sinks.WarehouseException.Kind.DATA);
        assertThat(rows("manual", EVENT_ID)).singleElement().satisfies(r -> assertThat(r).containsEntry("a", "x"));
    }
}
