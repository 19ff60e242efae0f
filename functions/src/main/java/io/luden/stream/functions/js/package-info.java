/**
 * Luden's JavaScript (SPEC §5, §7) on GraalJS: the destination's {@code data_layout.transform}
 * ({@link io.luden.stream.functions.js.JsTransform}), a JavaScript {@code table_name_template}
 * ({@link io.luden.stream.functions.js.JsTableName}, used by
 * {@link io.luden.stream.functions.template.TableNameTemplate}), and the {@code __sql_type_}
 * properties a row may carry ({@link io.luden.stream.functions.js.SqlTypeHints}, plain Java).
 *
 * <p>GraalJS is {@code provided} (Flink's {@code lib/}): only {@code JsRuntime} and
 * {@code JsEngine} name its types, and they are linked only when a script runs, so a job without
 * JavaScript runs where GraalJS is absent ({@link io.luden.stream.functions.js.JsSupport}).
 *
 * <p>Decisions where SPEC is silent:
 * <ul>
 *   <li>One engine per class loader, one context per transform / template instance, reused across
 *       events: a script's globals survive from one event to the next (as in a long-lived Node
 *       sandbox), until a time-out replaces the context.</li>
 *   <li>Time limit: a watchdog closes the context of a call still running after the limit; the
 *       next call gets a fresh context. A script cannot catch it. Memory is not limited (GraalJS
 *       community has no heap limit per context).</li>
 *   <li>The event crosses as JSON; numbers in JavaScript are doubles. {@code return $} /
 *       {@code return _} skip JavaScript; in other results a number equal to the event's number at
 *       the same path keeps the event's JSON form ({@code 1.0}, integers beyond 2^53).</li>
 *   <li>{@code console} exists and writes nowhere; {@code print}, {@code load}, {@code require},
 *       {@code Java}, {@code Packages}, {@code Polyglot}, {@code Graal} do not exist. Jitsu's
 *       {@code toSegment} and {@code $context} (HTTP headers) are not provided: the spool has no
 *       request.</li>
 *   <li>A body is checked with the {@code Function} constructor too, so a script that closes its
 *       wrapper function early is a syntax error rather than code running at context creation.</li>
 *   <li>JavaScript template results: numbers in plain decimal ({@code 1e21} →
 *       {@code 1000000000000000000000}); objects and arrays are {@code null} (skip).</li>
 * </ul>
 */
package io.luden.stream.functions.js;
