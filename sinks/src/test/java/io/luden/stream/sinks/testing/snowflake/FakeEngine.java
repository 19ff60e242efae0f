package io.luden.stream.sinks.testing.snowflake;

import io.luden.stream.sinks.testing.snowflake.FakeExpr.Scope;
import io.luden.stream.sinks.testing.snowflake.FakeModel.Table;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs the statements the Snowflake dialect and the tests send, against {@link FakeModel}: CREATE /
 * DROP SCHEMA and TABLE, ALTER TABLE ADD / DROP COLUMN, INSERT … VALUES / SELECT, MERGE (WHEN
 * MATCHED UPDATE, WHEN NOT MATCHED INSERT), SELECT ({@link FakeQuery}), SHOW PRIMARY / UNIQUE KEYS,
 * session statements and transactions. Not a SQL engine: anything else is a syntax error.
 */
final class FakeEngine {
    static final String DATABASE = "LUDEN";

    /** What a statement returns: result columns, rows, and Snowflake's statement type id. */
    static final class Result {
        final List<String> names = new ArrayList<>();
        final List<FakeType> types = new ArrayList<>();
        final List<Object[]> rows = new ArrayList<>();
        long statementType = 0x1000;
    }

    /** One session's transaction state: undo actions of the open transaction. */
    static final class Session {
        boolean autocommit = true;
        final List<Runnable> undo = new ArrayList<>();
    }

    private final FakeModel model;
    private final FakeQuery query;

    FakeEngine(FakeModel model) {
        this.model = model;
        this.query = new FakeQuery(model);
    }

    Result execute(Session session, String sql, List<Object> params) {
        synchronized (model) {
            FakeSql p = new FakeSql(sql);
            Scope scope = new Scope(params);
            if (p.peek().is("SELECT") || p.peek().is("(")) {
                return query.select(p, scope, true);
            }
            if (p.accept("SHOW")) {
                return showKeys(p);
            }
            if (p.accept("INSERT")) {
                return dml(session, insert(p, scope, session), 0x3100, "number of rows inserted");
            }
            if (p.accept("MERGE")) {
                return merge(p, scope, session);
            }
            if (p.accept("BEGIN") || p.accept("START", "TRANSACTION")) {
                session.undo.clear();
                session.autocommit = false;
                return status(0x5000, "Statement executed successfully.");
            }
            if (p.accept("COMMIT")) {
                session.undo.clear();
                return status(0x5000, "Statement executed successfully.");
            }
            if (p.accept("ROLLBACK")) {
                undo(session);
                return status(0x5000, "Statement executed successfully.");
            }
            if (p.accept("ALTER", "SESSION")) {
                p.expect("SET");
                while (!p.atEnd()) {
                    String name = p.identifier();
                    p.expect("=");
                    FakeSql.Token value = p.next();
                    if (name.equals("AUTOCOMMIT")) {
                        session.undo.clear(); // changing autocommit commits
                        session.autocommit = value.text.equalsIgnoreCase("TRUE");
                    }
                    p.accept(",");
                }
                return status(0x4100, "Statement executed successfully.");
            }
            if (p.accept("USE")) {
                return status(0x4200, "Statement executed successfully.");
            }
            // DDL commits the open transaction first, as in Snowflake
            session.undo.clear();
            return ddl(p);
        }
    }

    void rollback(Session session) {
        synchronized (model) {
            undo(session);
        }
    }

    private void undo(Session session) {
        for (int i = session.undo.size() - 1; i >= 0; i--) {
            session.undo.get(i).run();
        }
        session.undo.clear();
    }

    private Result ddl(FakeSql p) {
        if (p.accept("CREATE")) {
            p.accept("OR", "REPLACE");
            p.accept("TEMPORARY");
            if (p.accept("SCHEMA")) {
                boolean ifNotExists = p.accept("IF", "NOT", "EXISTS");
                String name = last(p.qualifiedName());
                if (model.schemas.containsKey(name)) {
                    if (!ifNotExists) {
                        throw new FakeError("002002", "42710", "SQL compilation error:\nObject '" + name + "' already exists.");
                    }
                    return status(0x6000, name + " already exists, statement succeeded.");
                }
                model.schemas.put(name, new TreeMap<>());
                return status(0x6000, "Schema " + name + " successfully created.");
            }
            p.expect("TABLE");
            return createTable(p);
        }
        if (p.accept("ALTER", "TABLE")) {
            p.accept("IF", "EXISTS");
            List<String> name = p.qualifiedName();
            Table t = model.existing(schemaOf(name), last(name));
            if (p.accept("ADD")) {
                p.accept("COLUMN");
                boolean ifNotExists = p.accept("IF", "NOT", "EXISTS");
                String column = p.identifier();
                FakeType type = FakeType.parse(p.typeName());
                if (t.columns.containsKey(column)) {
                    if (ifNotExists) {
                        return status(0x6000, "Statement executed successfully.");
                    }
                    throw new FakeError("002025", "42601", "SQL compilation error:\ncolumn '" + column + "' already exists");
                }
                t.columns.put(column, type);
                return status(0x6000, "Statement executed successfully.");
            }
            p.expect("DROP");
            p.accept("COLUMN");
            String column = p.identifier();
            if (t.columns.remove(column) == null) {
                throw FakeError.invalidIdentifier(column);
            }
            t.rows.forEach(r -> r.remove(column));
            return status(0x6000, "Statement executed successfully.");
        }
        if (p.accept("DROP")) {
            boolean schema = p.accept("SCHEMA");
            if (!schema) {
                p.expect("TABLE");
            }
            boolean ifExists = p.accept("IF", "EXISTS");
            List<String> name = p.qualifiedName();
            if (schema) {
                if (model.schemas.remove(last(name)) == null && !ifExists) {
                    throw FakeError.notFound("Schema '" + last(name) + "'");
                }
            } else if (model.schema(schemaOf(name)).remove(last(name)) == null && !ifExists) {
                throw FakeError.notFound("Table '" + last(name) + "'");
            }
            return status(0x6000, "Statement executed successfully.");
        }
        throw p.syntax();
    }

    private Result createTable(FakeSql p) {
        boolean ifNotExists = p.accept("IF", "NOT", "EXISTS");
        List<String> name = p.qualifiedName();
        Map<String, Table> schema = model.schema(schemaOf(name));
        Table t = new Table();
        p.expect("(");
        do {
            if (p.accept("PRIMARY", "KEY")) {
                t.primaryKey.addAll(nameList(p));
            } else if (p.accept("UNIQUE")) {
                t.uniqueKeys.add(nameList(p));
            } else {
                String column = p.identifier();
                FakeType type = FakeType.parse(p.typeName());
                if (t.columns.put(column, type) != null) {
                    throw FakeError.compilation("002025", "duplicate column name '" + column + "'");
                }
                while (true) {
                    if (p.accept("NOT", "NULL")) {
                        t.notNull.add(column);
                        continue;
                    }
                    if (p.accept("NULL")) {
                        continue;
                    }
                    if (p.accept("PRIMARY", "KEY")) {
                        t.primaryKey.add(column);
                        continue;
                    }
                    if (p.accept("UNIQUE")) {
                        t.uniqueKeys.add(List.of(column));
                        continue;
                    }
                    break;
                }
            }
        } while (p.accept(","));
        p.expect(")");
        if (schema.containsKey(last(name))) {
            if (!ifNotExists) {
                throw new FakeError("002002", "42710", "SQL compilation error:\nObject '" + last(name) + "' already exists.");
            }
            return status(0x6000, last(name) + " already exists, statement succeeded.");
        }
        schema.put(last(name), t);
        return status(0x6000, "Table " + last(name) + " successfully created.");
    }

    private static List<String> nameList(FakeSql p) {
        List<String> names = new ArrayList<>();
        p.expect("(");
        do {
            names.add(p.identifier());
        } while (p.accept(","));
        p.expect(")");
        return names;
    }

    private int insert(FakeSql p, Scope scope, Session session) {
        p.expect("INTO");
        List<String> name = p.qualifiedName();
        Table t = model.existing(schemaOf(name), last(name));
        List<String> columns = new ArrayList<>();
        if (p.peek().is("(")) {
            columns.addAll(nameList(p));
        } else {
            columns.addAll(t.columns.keySet());
        }
        for (String c : columns) {
            if (!t.columns.containsKey(c)) {
                throw FakeError.invalidIdentifier(c);
            }
        }
        Result source = p.peek().is("VALUES") ? query.values(p, scope) : query.select(p, scope, false);
        int n = 0;
        for (Object[] values : source.rows) {
            if (values.length != columns.size()) {
                throw FakeError.compilation("002020", "Insert value list does not match column list expecting "
                        + columns.size() + " but got " + values.length);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), t.columns.get(columns.get(i)).assign(values[i]));
            }
            addRow(session, t, row);
            n++;
        }
        return n;
    }

    private void addRow(Session session, Table t, Map<String, Object> row) {
        for (String c : t.notNull) {
            if (row.get(c) == null) {
                throw new FakeError("100072", "22000", "NULL result in a non-nullable column");
            }
        }
        t.rows.add(row);
        if (!session.autocommit) {
            session.undo.add(() -> removeByIdentity(t.rows, row));
        }
    }

    private static void removeByIdentity(List<Map<String, Object>> rows, Map<String, Object> row) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i) == row) {
                rows.remove(i);
                return;
            }
        }
    }

    /**
     * {@code MERGE INTO t [AS] a USING (query) [AS] s ON cond [WHEN MATCHED THEN UPDATE SET c = e, …]
     * [WHEN NOT MATCHED THEN INSERT (cols) VALUES (exprs)]}. A target row met by two source rows is
     * Snowflake's nondeterministic-merge error (100090); keys are not enforced.
     */
    private Result merge(FakeSql p, Scope scope, Session session) {
        p.expect("INTO");
        List<String> name = p.qualifiedName();
        Table t = model.existing(schemaOf(name), last(name));
        String targetAlias = FakeQuery.alias(p, last(name));
        p.expect("USING");
        Result source;
        String sourceName;
        if (p.accept("(")) {
            source = query.select(p, scope, false);
            p.expect(")");
            sourceName = "SOURCE";
        } else {
            List<String> sn = p.qualifiedName();
            Table st = model.existing(schemaOf(sn), last(sn));
            source = FakeQuery.tableResult(st);
            sourceName = last(sn);
        }
        String sourceAlias = FakeQuery.alias(p, sourceName);
        p.expect("ON");
        FakeExpr on = FakeParser.expression(p);
        List<String> setColumns = null;
        List<FakeExpr> setValues = null;
        List<String> insertColumns = null;
        List<FakeExpr> insertValues = null;
        while (p.accept("WHEN")) {
            if (p.accept("MATCHED", "THEN", "UPDATE", "SET")) {
                setColumns = new ArrayList<>();
                setValues = new ArrayList<>();
                do {
                    List<String> c = p.qualifiedName();
                    setColumns.add(last(c));
                    p.expect("=");
                    setValues.add(FakeParser.expression(p));
                } while (p.accept(","));
            } else if (p.accept("NOT", "MATCHED", "THEN", "INSERT")) {
                insertColumns = nameList(p);
                p.expect("VALUES");
                p.expect("(");
                insertValues = FakeParser.expressions(p);
                p.expect(")");
            } else {
                throw p.syntax();
            }
        }
        if (!p.atEnd()) {
            throw p.syntax();
        }
        Map<String, FakeType> sourceTypes = new LinkedHashMap<>();
        for (int i = 0; i < source.names.size(); i++) {
            sourceTypes.put(source.names.get(i), source.types.get(i));
        }
        Map<Map<String, Object>, Boolean> touched = new IdentityHashMap<>();
        int inserted = 0;
        int updated = 0;
        for (Object[] values : source.rows) {
            Map<String, Object> s = new LinkedHashMap<>();
            for (int i = 0; i < values.length; i++) {
                s.put(source.names.get(i), values[i]);
            }
            Scope withSource = scope.with(sourceAlias, s, sourceTypes);
            List<Map<String, Object>> matches = new ArrayList<>();
            for (Map<String, Object> row : t.rows) {
                if (Boolean.TRUE.equals(on.eval(withSource.with(targetAlias, row, t.columns)))) {
                    matches.add(row);
                }
            }
            if (!matches.isEmpty()) {
                if (setColumns == null) {
                    continue;
                }
                for (Map<String, Object> row : matches) {
                    if (touched.put(row, true) != null) {
                        throw new FakeError("100090", "42P18", "Duplicate row detected during DML action\nRow Values: " + s.values());
                    }
                    Scope both = withSource.with(targetAlias, row, t.columns);
                    Map<String, Object> next = new LinkedHashMap<>(row);
                    for (int i = 0; i < setColumns.size(); i++) {
                        FakeType type = t.columns.get(setColumns.get(i));
                        if (type == null) {
                            throw FakeError.invalidIdentifier(setColumns.get(i));
                        }
                        next.put(setColumns.get(i), type.assign(setValues.get(i).eval(both)));
                    }
                    Map<String, Object> before = new LinkedHashMap<>(row);
                    row.clear();
                    row.putAll(next);
                    if (!session.autocommit) {
                        session.undo.add(() -> {
                            row.clear();
                            row.putAll(before);
                        });
                    }
                    updated++;
                }
            } else if (insertColumns != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                Scope only = withSource;
                for (int i = 0; i < insertColumns.size(); i++) {
                    FakeType type = t.columns.get(insertColumns.get(i));
                    if (type == null) {
                        throw FakeError.invalidIdentifier(insertColumns.get(i));
                    }
                    row.put(insertColumns.get(i), type.assign(insertValues.get(i).eval(only)));
                }
                addRow(session, t, row);
                inserted++;
            }
        }
        Result r = new Result();
        r.statementType = 0x3400;
        if (insertColumns != null) {
            r.names.add("number of rows inserted");
            r.types.add(FakeType.COUNT);
        }
        if (setColumns != null) {
            r.names.add("number of rows updated");
            r.types.add(FakeType.COUNT);
        }
        List<Object> counts = new ArrayList<>();
        if (insertColumns != null) {
            counts.add(BigDecimal.valueOf(inserted));
        }
        if (setColumns != null) {
            counts.add(BigDecimal.valueOf(updated));
        }
        r.rows.add(counts.toArray());
        return r;
    }

    private Result dml(Session session, int count, long type, String label) {
        Result r = new Result();
        r.statementType = type;
        r.names.add(label);
        r.types.add(FakeType.COUNT);
        r.rows.add(new Object[] {BigDecimal.valueOf(count)});
        return r;
    }

    static Result status(long type, String message) {
        Result r = new Result();
        r.statementType = type;
        r.names.add("status");
        r.types.add(FakeType.TEXT);
        r.rows.add(new Object[] {message});
        return r;
    }

    /** {@code SHOW PRIMARY KEYS IN TABLE t} / {@code SHOW UNIQUE KEYS IN TABLE t}, with Snowflake's column names. */
    private Result showKeys(FakeSql p) {
        boolean primary = p.accept("PRIMARY");
        if (!primary) {
            p.expect("UNIQUE");
        }
        p.expect("KEYS");
        p.expect("IN");
        p.accept("TABLE");
        List<String> name = p.qualifiedName();
        Table t = model.existing(schemaOf(name), last(name));
        Result r = new Result();
        for (String c : List.of("schema_name", "table_name", "column_name", "key_sequence", "constraint_name")) {
            r.names.add(c);
            r.types.add(c.equals("key_sequence") ? FakeType.COUNT : FakeType.TEXT);
        }
        List<List<String>> keys = primary ? (t.primaryKey.isEmpty() ? List.of() : List.of(t.primaryKey)) : t.uniqueKeys;
        int k = 0;
        for (List<String> key : keys) {
            k++;
            for (int i = 0; i < key.size(); i++) {
                r.rows.add(new Object[] {schemaOf(name), last(name), key.get(i), BigDecimal.valueOf(i + 1),
                        (primary ? "SYS_CONSTRAINT_PK_" : "SYS_CONSTRAINT_UK_") + k});
            }
        }
        return r;
    }

    static String last(List<String> name) {
        return name.get(name.size() - 1);
    }

    static String schemaOf(List<String> name) {
        return name.size() >= 2 ? name.get(name.size() - 2) : "PUBLIC";
    }
}
