#!/usr/bin/env bash
# Submits job/target/luden-stream.jar to a running Flink session cluster through its REST API
# (POST /jars/upload, then POST /jars/<id>/run with programArgsList) and prints the job id.
#
# Usage: flink-deploy/submit.sh [--port N] [--host H] [--dir DIR] [--jar JAR] [--parallelism N] [--wait [SECONDS]] -- <job args>
#   e.g. flink-deploy/submit.sh -- --config /abs/path/luden.yaml            (continuous)
#        flink-deploy/submit.sh --wait -- --config /abs/path/luden.yaml --bounded
#   --port N       REST port (default: the port flink-deploy/session-cluster.sh started the cluster on)
#   --host H       REST host (default localhost)
#   --dir DIR      the session-cluster.sh directory to read the port from (default flink-deploy/.cluster)
#   --jar JAR      the job JAR (default job/target/luden-stream.jar)
#   --parallelism N  the job's default parallelism (as `flink run -p N`; default: Flink's, 1 on the local cluster)
#   --wait [S]     wait until the job ends (default at most 600 s); exit 0 only if it FINISHED
#
# main() runs inside the JobManager: the --config file must be readable there, and every path in it
# must be visible to the TaskManagers. Use absolute paths.
# stdout: the job id (and, with --wait, the final state on a second line); progress goes to stderr.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="$ROOT/flink-deploy/.cluster"
JAR="$ROOT/job/target/luden-stream.jar"
HOST=localhost
PORT=""
WAIT=""
PARALLELISM=""

die() { echo "submit: $*" >&2; exit 1; }
say() { echo "submit: $*" >&2; }
usage="usage: submit.sh [--port N] [--host H] [--dir DIR] [--jar JAR] [--parallelism N] [--wait [SECONDS]] -- <job args>"

while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || die "--port needs a number"; PORT="$2"; shift 2 ;;
    --host) [ $# -ge 2 ] || die "--host needs a host name"; HOST="$2"; shift 2 ;;
    --dir) [ $# -ge 2 ] || die "--dir needs a directory"; DIR="$2"; shift 2 ;;
    --jar) [ $# -ge 2 ] || die "--jar needs a file"; JAR="$2"; shift 2 ;;
    --parallelism) [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "--parallelism needs a number >= 1"; PARALLELISM="$2"; shift 2 ;;
    --wait)
      if [ $# -ge 2 ] && [[ "$2" =~ ^[0-9]+$ ]]; then WAIT="$2"; shift 2; else WAIT=600; shift; fi ;;
    --) shift; break ;;
    *) die "unknown argument '$1'; $usage" ;;
  esac
done
command -v curl >/dev/null 2>&1 || die "curl not found"
if [ -z "$PORT" ]; then
  [ -f "$DIR/rest.port" ] || die "no --port and no cluster started from $DIR (flink-deploy/session-cluster.sh start)"
  PORT="$(cat "$DIR/rest.port")"
fi
[ -f "$JAR" ] || die "$JAR not found; build it with: mvn -B -q -DskipTests package"
BASE="http://$HOST:$PORT"

json_string() { # a JSON string literal of $1
  local s="$1"
  s="${s//\\/\\\\}"; s="${s//\"/\\\"}"; s="${s//$'\n'/\\n}"; s="${s//$'\r'/\\r}"; s="${s//$'\t'/\\t}"
  printf '"%s"' "$s"
}
json_field() { # the string value of "$1" in the JSON on stdin (flat, as Flink's answers are)
  { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -n 1 | sed "s/^\"$1\":\"//; s/\"\$//"
}
errors() { # Flink's {"errors":[…]} answer without the stack frames
  printf '%s' "$1" | sed 's/\\n/\n/g; s/\\t/\t/g' | grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' || true
  echo "(the job's own output, e.g. a configuration error, is in the JobManager's stdout: log/jobmanager.out)"
}

curl -sf --max-time 10 "$BASE/overview" >/dev/null || die "no Flink REST API at $BASE"

t0=$(date +%s%N)
say "uploading $(basename "$JAR") ($(( $(stat -c %s "$JAR") / 1048576 )) MB) to $BASE"
upload="$(curl -s --max-time 300 -H 'Expect:' -X POST -F "jarfile=@$JAR;type=application/x-java-archive" "$BASE/jars/upload")" \
  || die "upload failed"
jarpath="$(printf '%s' "$upload" | json_field filename)"
[ -n "$jarpath" ] || die "upload refused: $(errors "$upload")"
jarid="$(basename "$jarpath")"

args=""
for a in "$@"; do args="${args:+$args,}$(json_string "$a")"; done
body="{\"programArgsList\":[${args}]${PARALLELISM:+,\"parallelism\":$PARALLELISM}}"
say "running $jarid with [$*]${PARALLELISM:+, parallelism $PARALLELISM}"
run="$(curl -s --max-time 300 -H 'Content-Type: application/json' -X POST -d "$body" "$BASE/jars/$jarid/run")" \
  || die "run request failed"
# the uploaded copy is not needed once the job is submitted (the job has its own copy in the blob store)
curl -s --max-time 30 -X DELETE "$BASE/jars/$jarid" >/dev/null || true
jobid="$(printf '%s' "$run" | json_field jobid)"
[ -n "$jobid" ] || die "the job was not submitted: $(errors "$run")"
say "submitted in $(( ($(date +%s%N) - t0) / 1000000 )) ms; job $jobid — $BASE/#/job/running/$jobid/overview"
echo "$jobid"

[ -n "$WAIT" ] || exit 0
deadline=$(( $(date +%s) + WAIT ))
state=""
while :; do
  job="$(curl -sf --max-time 10 "$BASE/jobs/$jobid" || true)"
  state="$(printf '%s' "$job" | json_field state)"
  case "$state" in FINISHED|FAILED|CANCELED|SUSPENDED) break ;; esac
  [ "$(date +%s)" -lt "$deadline" ] || { say "job $jobid still ${state:-unknown} after $WAIT s"; echo "${state:-UNKNOWN}"; exit 1; }
  sleep 0.5
done
duration="$(printf '%s' "$job" | grep -o '"duration":[0-9]*' | head -n 1 | cut -d: -f2)"
say "job $jobid $state after ${duration:-?} ms (Flink's job duration)"
echo "$state"
if [ "$state" != FINISHED ]; then
  ex="$(curl -sf --max-time 10 "$BASE/jobs/$jobid/exceptions" || true)"
  [ -n "$ex" ] && say "root exception: $(printf '%s' "$ex" | grep -o '"root-exception":"[^"]*"' | head -n 1 | cut -c19-2000 | sed 's/\\n/\n/g; s/\\t/\t/g')"
  exit 1
fi
