#!/usr/bin/env bash
# A local Flink 2.x *session cluster* built from the Maven jars (no Flink distribution needed):
# one JobManager JVM (StandaloneSessionClusterEntrypoint, with the REST API and web UI) and one
# TaskManager JVM (TaskManagerRunner, 2 slots), both in the background.
#
# Usage: flink-deploy/session-cluster.sh start|stop|status [--port N] [--dir DIR] [--slots N] [--lib JARS] [-D key=value]…
#   --port N   REST / web UI port (start: default the first free port from 8082; stop/status: the
#              port the running cluster was started with)
#   --dir DIR  working directory: conf/, log/, pid files, tmp/ (default flink-deploy/.cluster)
#   --slots N  task slots of the TaskManager (default 2)
#   -D k=v     any further Flink option, appended to the generated conf/config.yaml
#   --lib JARS more jars for both JVMs, colon-separated (what Flink's lib/ folder holds on a real cluster)
#
# The classpath of both JVMs is job/target/flink-classpath.txt (the `provided` Flink jars of the job
# module, written by `mvn package`) — never the job JAR: jobs are uploaded with flink-deploy/submit.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINK_CP="$ROOT/job/target/flink-classpath.txt"
DIR="$ROOT/flink-deploy/.cluster"
PORT=""
SLOTS=2
EXTRA_CONF=()
EXTRA_CP=""
START_TIMEOUT="${LUDEN_CLUSTER_START_TIMEOUT:-120}"

die() { echo "session-cluster: $*" >&2; exit 1; }
say() { echo "session-cluster: $*"; }

CMD="${1:-}"
[ $# -gt 0 ] && shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a number"; PORT="$2"; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; DIR="$2"; shift 2 ;;
    --slots) [ $# -ge 2 ] || die "--slots needs a number"; SLOTS="$2"; shift 2 ;;
    --lib) [ $# -ge 2 ] || die "--lib needs jars"; EXTRA_CP="${EXTRA_CP:+$EXTRA_CP:}$2"; shift 2 ;;
    -D) [ $# -ge 2 ] && [[ "$2" == *=* ]] || die "-D needs key=value"; EXTRA_CONF+=("$2"); shift 2 ;;
    -D*=*) EXTRA_CONF+=("${1#-D}"); shift ;;
    *) die "unknown argument '$1'; usage: session-cluster.sh start|stop|status [--port N] [--dir DIR] [--slots N] [--lib JARS] [-D key=value]" ;;
  esac
done
case "$CMD" in start|stop|status) ;; *) die "usage: session-cluster.sh start|stop|status [--port N] [--dir DIR] [--slots N] [--lib JARS] [-D key=value]" ;; esac
mkdir -p "$DIR"
DIR="$(cd "$DIR" && pwd)"
CONF="$DIR/conf"
LOG="$DIR/log"

if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA="$JAVA_HOME/bin/java"; else JAVA=java; fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { # first port >= $1 nobody listens on (and not handed out already)
  local p="$1"
  while port_in_use "$p" || [ "$p" = "${2:-}" ]; do p=$((p + 1)); done
  echo "$p"
}
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
rest() { curl -sf --max-time 5 "http://localhost:$PORT$1"; }
saved_port() { [ -f "$DIR/rest.port" ] && cat "$DIR/rest.port"; }

stop_one() { # pid file, name
  local pidfile="$1" name="$2" pid
  if ! alive "$pidfile"; then rm -f "$pidfile"; return 0; fi
  pid="$(cat "$pidfile")"
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name (pid $pid) did not stop in 30 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped $name (pid $pid)"
}

case "$CMD" in
stop)
  stop_one "$DIR/taskmanager.pid" TaskManager
  stop_one "$DIR/jobmanager.pid" JobManager
  rm -f "$DIR/rest.port"
  exit 0
  ;;
status)
  [ -n "$PORT" ] || PORT="$(saved_port || true)"
  running=0
  for n in jobmanager taskmanager; do
    if alive "$DIR/$n.pid"; then say "$n running (pid $(cat "$DIR/$n.pid"))"; running=$((running + 1));
    else say "$n not running"; fi
  done
  if [ -n "$PORT" ] && overview="$(rest /overview)"; then
    say "web UI http://localhost:$PORT — $overview"
  fi
  [ "$running" -eq 2 ]
  exit $?
  ;;
esac

# ---- start ----
if alive "$DIR/jobmanager.pid" || alive "$DIR/taskmanager.pid"; then
  die "a cluster is already running from $DIR (port $(saved_port || echo '?')); stop it first: $0 stop --dir $DIR"
fi
command -v curl >/dev/null 2>&1 || die "curl not found (used to talk to the REST API)"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17 or newer)"
if [ ! -f "$FLINK_CP" ]; then
  command -v mvn >/dev/null 2>&1 || die "$FLINK_CP is missing and mvn is not on the PATH to build it"
  say "building the project (mvn -B -q -DskipTests package) for $FLINK_CP…"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "the build failed"
fi
CP="$(cat "$FLINK_CP")${EXTRA_CP:+:$EXTRA_CP}"

if [ -n "$PORT" ]; then
  port_in_use "$PORT" && die "port $PORT is already in use"
else
  PORT="$(free_port 8082)"
fi
RPC_PORT="$(free_port 6124 "$PORT")"

mkdir -p "$CONF" "$LOG" "$DIR/tmp" "$DIR/upload"
for n in jobmanager taskmanager; do # keep the logs of the previous run as *.1
  for ext in log out; do [ -f "$LOG/$n.$ext" ] && mv -f "$LOG/$n.$ext" "$LOG/$n.$ext.1"; done
done
started_at=$(date +%s%N)

cat >"$CONF/config.yaml" <<EOF
# written by flink-deploy/session-cluster.sh
jobmanager.rpc.address: localhost
jobmanager.rpc.port: $RPC_PORT
jobmanager.bind-host: localhost
taskmanager.host: localhost
taskmanager.bind-host: localhost
rest.address: localhost
rest.bind-address: localhost
rest.port: $PORT
taskmanager.numberOfTaskSlots: $SLOTS
parallelism.default: 1
jobmanager.memory.process.size: 1024m
taskmanager.memory.process.size: 1600m
io.tmp.dirs: $DIR/tmp
web.upload.dir: $DIR/upload
web.submit.enable: true
web.cancel.enable: true
# main() of a job submitted through the REST API / web UI runs inside the JobManager: a System.exit
# there (LudenJob exits 2 on a bad configuration) would end the whole cluster; turn it into an error
cluster.intercept-user-system-exit: THROW
# both JVMs start at once: a TaskManager that is up before the ResourceManager retries after 1 s
# (Flink's default is 10 s)
cluster.registration.error-delay: 1 s
EOF
for kv in "${EXTRA_CONF[@]+"${EXTRA_CONF[@]}"}"; do # -D replaces a default above
  key="${kv%%=*}"
  awk -v k="$key: " 'index($0, k) != 1' "$CONF/config.yaml" >"$CONF/config.yaml.new"
  mv "$CONF/config.yaml.new" "$CONF/config.yaml"
  echo "$key: ${kv#*=}" >>"$CONF/config.yaml"
done

cat >"$CONF/log4j.properties" <<'EOF'
# written by flink-deploy/session-cluster.sh (as Flink's conf/log4j.properties: everything to log.file)
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = MainAppender
logger.pekko.name = org.apache.pekko
logger.pekko.level = INFO
logger.netty.name = org.apache.flink.shaded.netty4.io.netty.channel.nio.NioEventLoop
logger.netty.level = OFF
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.append = true
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
EOF

# Flink's own JDK 17+ module opens (as its bin/config.sh and ./luden set them)
OPENS=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED
  --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

# memory settings as Flink's bin/jobmanager.sh and bin/taskmanager.sh compute them: the last two
# lines of BashJavaUtils are the JVM parameters and the dynamic -D configuration
resource_params() { # GET_JM_RESOURCE_PARAMS | GET_TM_RESOURCE_PARAMS
  local out
  out="$("$JAVA" -cp "$CP" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF" 2>&1)" \
    || die "BashJavaUtils $1 failed: $out"
  out="$(printf '%s\n' "$out" | grep '^BASH_JAVA_UTILS_EXEC_RESULT:' | sed 's/^BASH_JAVA_UTILS_EXEC_RESULT://' | tail -n 2)"
  [ "$(printf '%s\n' "$out" | wc -l)" -eq 2 ] || die "unexpected BashJavaUtils $1 output: $out"
  printf '%s\n' "$out"
}
JM_PARAMS="$(resource_params GET_JM_RESOURCE_PARAMS)"
TM_PARAMS="$(resource_params GET_TM_RESOURCE_PARAMS)"
read -r -a JM_JVM <<<"$(printf '%s\n' "$JM_PARAMS" | sed -n 1p)"
read -r -a JM_DYN <<<"$(printf '%s\n' "$JM_PARAMS" | sed -n 2p)"
read -r -a TM_JVM <<<"$(printf '%s\n' "$TM_PARAMS" | sed -n 1p)"
read -r -a TM_DYN <<<"$(printf '%s\n' "$TM_PARAMS" | sed -n 2p)"

launch() { # name, main class, jvm args…, --, program args…
  local name="$1" main="$2"; shift 2
  local jvm=() 
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do jvm+=("$1"); shift; done
  shift
  local launcher=()
  command -v setsid >/dev/null 2>&1 && launcher=(setsid)
  (cd "$DIR" && exec "${launcher[@]}" "$JAVA" ${LUDEN_CLUSTER_JAVA_OPTS:-} "${OPENS[@]}" "${jvm[@]}" \
      -Dlog.file="$LOG/$name.log" \
      -Dlog4j.configuration="file:$CONF/log4j.properties" \
      -Dlog4j.configurationFile="file:$CONF/log4j.properties" \
      -cp "$CP" "$main" --configDir "$CONF" "$@" \
      >"$LOG/$name.out" 2>&1 </dev/null) &
  echo $! >"$DIR/$name.pid"
}

say "starting JobManager (REST port $PORT, RPC port $RPC_PORT), logs in $LOG"
# (-Djava.security.manager=allow: the exit interception above needs a SecurityManager on JDK 18+)
launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "${JM_JVM[@]}" -Djava.security.manager=allow -- \
  --executionMode cluster "${JM_DYN[@]}"
launch taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner "${TM_JVM[@]}" -- "${TM_DYN[@]}"
echo "$PORT" >"$DIR/rest.port"

fail_start() {
  echo "session-cluster: $*" >&2
  for n in jobmanager taskmanager; do
    echo "---- the end of $LOG/$n.log ----" >&2
    tail -n 30 "$LOG/$n.log" 2>/dev/null >&2 || true
    [ -s "$LOG/$n.out" ] && { echo "---- $LOG/$n.out ----" >&2; tail -n 30 "$LOG/$n.out" >&2; }
  done
  "$0" stop --dir "$DIR" >&2 || true
  exit 1
}

deadline=$(( $(date +%s) + START_TIMEOUT ))
while :; do
  alive "$DIR/jobmanager.pid" || fail_start "the JobManager exited during start-up"
  alive "$DIR/taskmanager.pid" || fail_start "the TaskManager exited during start-up"
  if overview="$(rest /overview 2>/dev/null)" \
      && slots="$(printf '%s' "$overview" | grep -o '"slots-total":[0-9]*' | cut -d: -f2)" \
      && [ "${slots:-0}" -ge 1 ]; then
    break
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail_start "no TaskManager registered within $START_TIMEOUT s"
  sleep 0.5
done
elapsed_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))
say "cluster up in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s: 1 TaskManager, $slots slots"
say "JobManager pid $(cat "$DIR/jobmanager.pid"), TaskManager pid $(cat "$DIR/taskmanager.pid"), logs $LOG/{jobmanager,taskmanager}.log"
say "web UI http://localhost:$PORT"
