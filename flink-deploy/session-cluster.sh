#!/usr/bin/env bash
# A local Flink 2.x *session cluster* built from the Maven jars (no Flink distribution needed):
# one JobManager JVM (StandaloneSessionClusterEntrypoint, with the REST API and web UI) and one or
# more TaskManager JVMs (TaskManagerRunner, 2 slots each), all in the background.
#
# Usage: flink-deploy/session-cluster.sh start|stop|status [--port N] [--dir DIR] [--slots N] [--taskmanagers N] [--lib JARS] [-D key=value]…
#        flink-deploy/session-cluster.sh add-taskmanager [--dir DIR]
#        flink-deploy/session-cluster.sh kill-taskmanager NAME|N [--dir DIR]
#   --port N   REST / web UI port (start: default the first free port from 8082; stop/status: the
#              port the running cluster was started with)
#   --dir DIR  working directory: conf/, log/, pid files, tmp/ (default flink-deploy/.cluster)
#   --slots N  task slots of each TaskManager (default 2)
#   --taskmanagers N  TaskManager JVMs to start (default 1)
#   -D k=v     any further Flink option, appended to the generated conf/config.yaml
#   --lib JARS more jars for all JVMs, colon-separated (what Flink's lib/ folder holds on a real cluster)
#
# TaskManager i is named "taskmanager" (i = 1) or "taskmanager-<i>" (i >= 2): its pid file is
# DIR/<name>.pid, its logs DIR/log/<name>.{log,out}, and <name> is its Flink resource ID (the "id" in
# the REST API's /taskmanagers). add-taskmanager starts one more into the running cluster (the next
# unused number; what a process supervisor does after a TaskManager died) and waits for its
# registration; kill-taskmanager sends SIGKILL to one (for failure tests) and removes its pid file.
#
# The classpath of both JVMs is job/target/flink-classpath.txt (the `provided` Flink jars of the job
# module, written by `mvn package`) — never the job JAR: jobs are uploaded with flink-deploy/submit.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FLINK_CP="$ROOT/job/target/flink-classpath.txt"
DIR="$ROOT/flink-deploy/.cluster"
PORT=""
SLOTS=2
TASKMANAGERS=1
KILL=""
EXTRA_CONF=()
EXTRA_CP=""
START_TIMEOUT="${LUDEN_CLUSTER_START_TIMEOUT:-120}"

die() { echo "session-cluster: $*" >&2; exit 1; }
say() { echo "session-cluster: $*"; }

USAGE="usage: session-cluster.sh start|stop|status [--port N] [--dir DIR] [--slots N] [--taskmanagers N] [--lib JARS] [-D key=value] | add-taskmanager [--dir DIR] | kill-taskmanager NAME|N [--dir DIR]"
CMD="${1:-}"
[ $# -gt 0 ] && shift
if [ "$CMD" = kill-taskmanager ]; then
  [ $# -ge 1 ] && [[ "$1" != -* ]] || die "kill-taskmanager needs a TaskManager (its name or number); $USAGE"
  KILL="$1"; shift
fi
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a number"; PORT="$2"; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; DIR="$2"; shift 2 ;;
    --slots) [ $# -ge 2 ] || die "--slots needs a number"; SLOTS="$2"; shift 2 ;;
    --taskmanagers) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "--taskmanagers needs a number >= 1"; TASKMANAGERS="$2"; shift 2 ;;
    --lib) [ $# -ge 2 ] || die "--lib needs jars"; EXTRA_CP="${EXTRA_CP:+$EXTRA_CP:}$2"; shift 2 ;;
    -D) [ $# -ge 2 ] && [[ "$2" == *=* ]] || die "-D needs key=value"; EXTRA_CONF+=("$2"); shift 2 ;;
    -D*=*) EXTRA_CONF+=("${1#-D}"); shift ;;
    *) die "unknown argument '$1'; $USAGE" ;;
  esac
done
case "$CMD" in start|stop|status|add-taskmanager|kill-taskmanager) ;; *) die "$USAGE" ;; esac
USER_PORT="$PORT"
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
running() { # pid: exists and is not a zombie (an orphaned JVM is not reaped where pid 1 does not reap)
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  local stat; stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"; [ "${stat%% *}" != Z ]
}
alive() { [ -f "$1" ] && running "$(cat "$1")"; }
rest() { curl -sf --max-time 5 "http://localhost:$PORT$1"; }
saved_port() { [ -f "$DIR/rest.port" ] && cat "$DIR/rest.port"; }

tm_name() { if [ "$1" -eq 1 ]; then echo taskmanager; else echo "taskmanager-$1"; fi; }
tm_pidfiles() { # the pid files of the TaskManagers started from $DIR, in start order
  [ -f "$DIR/taskmanager.pid" ] && echo "$DIR/taskmanager.pid"
  for f in "$DIR"/taskmanager-*.pid; do [ -f "$f" ] && echo "$f"; done | sort -V
}
any_tm_alive() { local f; while IFS= read -r f; do alive "$f" && return 0; done < <(tm_pidfiles); return 1; }
next_tm_index() { # 1 + the highest TaskManager number used since `start` (logs and pid files)
  local max=0 f n
  for f in "$LOG/taskmanager.log" "$LOG"/taskmanager-*.log "$DIR/taskmanager.pid" "$DIR"/taskmanager-*.pid; do
    [ -e "$f" ] || continue
    n="$(basename "$f")"; n="${n%.*}"
    if [ "$n" = taskmanager ]; then n=1; else n="${n#taskmanager-}"; fi
    [[ "$n" =~ ^[0-9]+$ ]] && [ "$n" -gt "$max" ] && max="$n"
  done
  echo $((max + 1))
}

signal_one() { # pid file: SIGTERM if alive (returns 1 when it was not running)
  alive "$1" || { rm -f "$1"; return 1; }
  kill "$(cat "$1")" 2>/dev/null || true
}
wait_one() { # pid file, name: wait up to 30 s for a SIGTERMed JVM, then SIGKILL it
  local pidfile="$1" name="$2" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  for _ in $(seq 1 60); do running "$pid" || break; sleep 0.5; done
  if running "$pid"; then
    say "$name (pid $pid) did not stop in 30 s; killing it"
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
  say "stopped $name (pid $pid)"
}

case "$CMD" in
stop)
  tms=()
  while IFS= read -r f; do signal_one "$f" && tms+=("$f"); done < <(tm_pidfiles)
  for f in "${tms[@]+"${tms[@]}"}"; do
    n="$(basename "$f" .pid)"
    wait_one "$f" "TaskManager $n"
  done
  signal_one "$DIR/jobmanager.pid" && wait_one "$DIR/jobmanager.pid" JobManager
  rm -f "$DIR/rest.port"
  exit 0
  ;;
status)
  [ -n "$PORT" ] || PORT="$(saved_port || true)"
  ok=1 tm_running=0
  if alive "$DIR/jobmanager.pid"; then say "jobmanager running (pid $(cat "$DIR/jobmanager.pid"))";
  else say "jobmanager not running"; ok=0; fi
  while IFS= read -r f; do
    n="$(basename "$f" .pid)"
    if alive "$f"; then say "$n running (pid $(cat "$f"))"; tm_running=$((tm_running + 1));
    else say "$n not running (pid $(cat "$f" 2>/dev/null || echo '?') gone)"; ok=0; fi
  done < <(tm_pidfiles)
  [ "$tm_running" -ge 1 ] || { say "no TaskManager running"; ok=0; }
  if [ -n "$PORT" ] && overview="$(rest /overview)"; then
    say "web UI http://localhost:$PORT — $overview"
  fi
  [ "$ok" -eq 1 ]
  exit $?
  ;;
kill-taskmanager)
  if [[ "$KILL" =~ ^[0-9]+$ ]]; then KILL="$(tm_name "$KILL")"; fi
  [[ "$KILL" =~ ^taskmanager(-[0-9]+)?$ ]] || die "no TaskManager '$KILL' (names: taskmanager, taskmanager-2, …)"
  pidfile="$DIR/$KILL.pid"
  alive "$pidfile" || die "TaskManager $KILL is not running (no live pid in $pidfile)"
  pid="$(cat "$pidfile")"
  kill -9 "$pid"
  for _ in $(seq 1 100); do running "$pid" || break; sleep 0.1; done
  running "$pid" && die "TaskManager $KILL (pid $pid) still there 10 s after SIGKILL"
  rm -f "$pidfile"
  say "killed TaskManager $KILL (pid $pid) with SIGKILL"
  exit 0
  ;;
esac

# ---- start / add-taskmanager ----
if [ "$CMD" = start ]; then
  if alive "$DIR/jobmanager.pid" || any_tm_alive; then
    die "a cluster is already running from $DIR (port $(saved_port || echo '?')); stop it first: $0 stop --dir $DIR"
  fi
else
  alive "$DIR/jobmanager.pid" && [ -f "$CONF/config.yaml" ] && [ -f "$DIR/classpath" ] \
    || die "no running cluster in $DIR (start one: $0 start --dir $DIR)"
  [ -n "$PORT" ] || PORT="$(saved_port)" || die "no $DIR/rest.port"
fi
command -v curl >/dev/null 2>&1 || die "curl not found (used to talk to the REST API)"
command -v "$JAVA" >/dev/null 2>&1 || die "java not found (install a JDK 17 or newer)"

if [ "$CMD" = start ]; then
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
  rm -f "$DIR"/taskmanager-*.pid # of TaskManagers of an earlier run that are gone
  for f in "$LOG"/*.log "$LOG"/*.out; do # keep the logs of the previous run as *.1
    [ -f "$f" ] && mv -f "$f" "$f.1"
  done
  printf '%s\n' "$CP" >"$DIR/classpath"
  started_at=$(date +%s%N)

  cat >"$CONF/config.yaml" <<CONFIG
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
CONFIG
  for kv in "${EXTRA_CONF[@]+"${EXTRA_CONF[@]}"}"; do # -D replaces a default above
    key="${kv%%=*}"
    awk -v k="$key: " 'index($0, k) != 1' "$CONF/config.yaml" >"$CONF/config.yaml.new"
    mv "$CONF/config.yaml.new" "$CONF/config.yaml"
    echo "$key: ${kv#*=}" >>"$CONF/config.yaml"
  done

  cat >"$CONF/log4j.properties" <<'LOG4J'
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
LOG4J
else
  CP="$(cat "$DIR/classpath")"
  mkdir -p "$LOG"
fi

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
TM_PARAMS="$(resource_params GET_TM_RESOURCE_PARAMS)"
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
launch_tm() { # name — its Flink resource ID is its name
  launch "$1" org.apache.flink.runtime.taskexecutor.TaskManagerRunner "${TM_JVM[@]}" -- \
    "${TM_DYN[@]}" -D "taskmanager.resource-id=$1"
}

show_logs() { # names…
  local n
  for n in "$@"; do
    echo "---- the end of $LOG/$n.log ----" >&2
    tail -n 30 "$LOG/$n.log" 2>/dev/null >&2 || true
    [ -s "$LOG/$n.out" ] && { echo "---- $LOG/$n.out ----" >&2; tail -n 30 "$LOG/$n.out" >&2; }
  done
}
registered() { # name: the REST API lists a TaskManager with that resource ID
  rest /taskmanagers 2>/dev/null | grep -q "\"id\":\"$1\""
}

if [ "$CMD" = add-taskmanager ]; then
  name="$(tm_name "$(next_tm_index)")"
  started_at=$(date +%s%N)
  say "starting TaskManager $name, log $LOG/$name.log"
  launch_tm "$name"
  deadline=$(( $(date +%s) + START_TIMEOUT ))
  until registered "$name"; do
    if ! alive "$DIR/$name.pid"; then
      show_logs "$name"; rm -f "$DIR/$name.pid"; die "TaskManager $name exited during start-up"
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      show_logs "$name"; kill -9 "$(cat "$DIR/$name.pid")" 2>/dev/null || true; rm -f "$DIR/$name.pid"
      die "TaskManager $name did not register within $START_TIMEOUT s"
    fi
    sleep 0.3
  done
  elapsed_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))
  say "TaskManager $name (pid $(cat "$DIR/$name.pid")) registered in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s"
  exit 0
fi

JM_PARAMS="$(resource_params GET_JM_RESOURCE_PARAMS)"
read -r -a JM_JVM <<<"$(printf '%s\n' "$JM_PARAMS" | sed -n 1p)"
read -r -a JM_DYN <<<"$(printf '%s\n' "$JM_PARAMS" | sed -n 2p)"

TMS=()
for i in $(seq 1 "$TASKMANAGERS"); do TMS+=("$(tm_name "$i")"); done
fail_start() {
  echo "session-cluster: $*" >&2
  show_logs jobmanager "${TMS[@]}"
  "$0" stop --dir "$DIR" >&2 || true
  exit 1
}
# our JobManager answers on the REST port (not another cluster's: its io.tmp.dirs is ours)
jm_up() { rest /jobmanager/config 2>/dev/null | grep -qF "\"value\":\"$DIR/tmp\""; }

# The TaskManagers start once the JobManager has bound its RPC port: a TaskManager reads that port
# from conf/config.yaml, and a port that was free a moment ago may have been taken by another cluster
# starting on the same host (its TaskManagers must never register there). Then the JobManager tries
# the next free ports (up to 5 times).
jm_log_since() { tail -n +"$((log_lines + 1))" "$LOG/jobmanager.log" 2>/dev/null || true; }
rpc_bound() { jm_log_since | grep -qF "Actor system started at pekko.tcp://flink@localhost:$RPC_PORT"; }
kill_tms() { # TaskManagers of a failed attempt (registered nowhere: their JobManager is gone)
  local n
  for n in "${TMS[@]}"; do
    alive "$DIR/$n.pid" && { kill -9 "$(cat "$DIR/$n.pid")" 2>/dev/null || true; }
    rm -f "$DIR/$n.pid"
  done
}
deadline=$(( $(date +%s) + START_TIMEOUT ))
for attempt in 1 2 3 4 5; do
  sed -i "s/^rest\.port: .*/rest.port: $PORT/; s/^jobmanager\.rpc\.port: .*/jobmanager.rpc.port: $RPC_PORT/" "$CONF/config.yaml"
  log_lines=0
  [ -f "$LOG/jobmanager.log" ] && log_lines="$(wc -l <"$LOG/jobmanager.log")"
  say "starting JobManager (REST port $PORT, RPC port $RPC_PORT), logs in $LOG"
  # (-Djava.security.manager=allow: the exit interception above needs a SecurityManager on JDK 18+)
  launch jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "${JM_JVM[@]}" -Djava.security.manager=allow -- \
    --executionMode cluster "${JM_DYN[@]}"
  echo "$PORT" >"$DIR/rest.port"
  until rpc_bound || jm_up; do
    alive "$DIR/jobmanager.pid" || break
    [ "$(date +%s)" -lt "$deadline" ] || fail_start "the JobManager did not bind its RPC port $RPC_PORT within $START_TIMEOUT s"
    sleep 0.3
  done
  if alive "$DIR/jobmanager.pid"; then
    for n in "${TMS[@]}"; do launch_tm "$n"; done
    until jm_up; do
      alive "$DIR/jobmanager.pid" || break
      [ "$(date +%s)" -lt "$deadline" ] || fail_start "the JobManager did not answer on port $PORT within $START_TIMEOUT s"
      sleep 0.3
    done
    jm_up && alive "$DIR/jobmanager.pid" && break
  fi
  kill_tms
  if [ "$attempt" -lt 5 ] && jm_log_since | grep -q -E 'Address already in use|[Ff]ailed to bind|BindException'; then
    say "port $PORT or $RPC_PORT was taken meanwhile (another cluster on this host?); trying the next free ones"
    if [ -z "$USER_PORT" ]; then PORT="$(free_port $((PORT + 1)))"; fi
    RPC_PORT="$(free_port $((RPC_PORT + 1)) "$PORT")"
    continue
  fi
  fail_start "the JobManager exited during start-up"
done

while :; do
  alive "$DIR/jobmanager.pid" || fail_start "the JobManager exited during start-up"
  missing=0
  for n in "${TMS[@]}"; do
    alive "$DIR/$n.pid" || fail_start "TaskManager $n exited during start-up"
    registered "$n" || missing=$((missing + 1))
  done
  if [ "$missing" -eq 0 ] && overview="$(rest /overview 2>/dev/null)" \
      && slots="$(printf '%s' "$overview" | grep -o '"slots-total":[0-9]*' | cut -d: -f2)" \
      && [ "${slots:-0}" -ge 1 ]; then
    break
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail_start "$missing of $TASKMANAGERS TaskManager(s) not registered within $START_TIMEOUT s"
  sleep 0.3
done
elapsed_ms=$(( ($(date +%s%N) - started_at) / 1000000 ))
if [ "$TASKMANAGERS" -eq 1 ]; then what="1 TaskManager"; else what="$TASKMANAGERS TaskManagers"; fi
say "cluster up in $((elapsed_ms / 1000)).$(printf '%03d' $((elapsed_ms % 1000))) s: $what, $slots slots"
pids=""
for n in "${TMS[@]}"; do pids="${pids:+$pids, }$n $(cat "$DIR/$n.pid")"; done
if [ "$TASKMANAGERS" -eq 1 ]; then
  say "JobManager pid $(cat "$DIR/jobmanager.pid"), TaskManager pid $(cat "$DIR/taskmanager.pid"), logs $LOG/{jobmanager,taskmanager}.log"
else
  say "JobManager pid $(cat "$DIR/jobmanager.pid"), TaskManager pids: $pids; logs $LOG/<name>.log"
fi
say "web UI http://localhost:$PORT"
