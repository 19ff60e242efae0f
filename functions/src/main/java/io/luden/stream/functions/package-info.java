/**
 * The event pipeline's steps as plain Java (SPEC §1, §4, §5, §8); the Flink functions around them
 * are thin shells.
 *
 * <p>Order per event: {@link io.luden.stream.functions.Events#parse} →
 * {@link io.luden.stream.functions.EventIds#assign} →
 * {@link io.luden.stream.functions.template.TableNameTemplate#evaluate} →
 * {@link io.luden.stream.functions.RowBuilder#build} (which runs
 * {@link io.luden.stream.functions.Flattener}, {@link io.luden.stream.functions.ColumnNames#fold}
 * and {@link io.luden.stream.functions.TypeResolver}).
 *
 * <p>Decisions where SPEC is silent, kept here so they are found next to the code:
 * <ul>
 *   <li>Event id: only strings (non-empty), numbers and booleans count as ids; the generated id is
 *       the v3 UUID of {@code "<path>:<line>"}.</li>
 *   <li>Go templates: {@code _timestamp} is converted to UTC before {@code .Format}; a JSON null
 *       behaves like a missing key (prints {@code null}, field access on it yields nothing); values
 *       of different kinds are unequal for {@code eq}/{@code ne} instead of a Go error; numbers
 *       compare by value ({@code 1 == 1.0}) and {@code 0}/{@code 0.0} are false; floats print as
 *       their JSON text ({@code 1.0}), objects/arrays as compact JSON; a template containing
 *       <code>{{</code> that does not parse is a configuration error, never retried as JavaScript.</li>
 *   <li>Names: lower-casing is per code point ({@link java.lang.Character#toLowerCase(int)}), so
 *       a non-ASCII letter is one {@code _}; folding shortens only the first long part each round
 *       (Jitsu's {@code ReplaceAll} also shortened later repeats of the same prefix).</li>
 *   <li>Types: timestamps need an upper-case {@code T}, at most 9 fraction digits and a real date;
 *       {@code eventn_ctx_event_id} is always a string.</li>
 * </ul>
 */
package io.luden.stream.functions;

