#!/usr/bin/env bash
# Footprint benchmark: how heavy is an idle posture daemon, next to the break reminders people
# use today? Starts each program in the same private desktop (Xvfb + a private D-Bus session
# bus when available), lets it settle, then measures it for FOOTPRINT_SECONDS (default 120):
# resident memory (RSS), proportional memory (PSS), CPU milliseconds per minute and context
# switches per minute, summed over all threads. Workrave, Safe Eyes and RSIBreak are measured
# the same way in the same run when they are installed.
#
#   benches/footprint.sh                 # builds posture in release mode first
#   FOOTPRINT_SECONDS=30 FOOTPRINT_SETTLE=20 benches/footprint.sh
#
# Targets for posture when nothing happens: under 12 MiB RSS, under 5 ms CPU per minute and
# under 10 context switches per minute.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FOOTPRINT_SECONDS:-120}"
# Start-up is not idleness: posture notices that nobody types only after its idle threshold
# (30 s by default) and then backs its X11 checks off over another 30 s. Every program gets the
# same settling time before the measured window.
settle="${FOOTPRINT_SETTLE:-60}"
ticks_per_second="$(getconf CLK_TCK)"
cargo build --release --quiet
posture="$PWD/target/release/posture"

scratch="$(mktemp -d /tmp/posture-footprint.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

# A private desktop: a virtual X display and a session bus, so peers that need them can start
# and nothing touches the user's real session.
if command -v Xvfb >/dev/null; then
    # -displayfd makes Xvfb pick a free display and write its number once it is ready.
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp -noreset 3>"$scratch/display" >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do [ -s "$scratch/display" ] && break; sleep 0.1; done
    export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"
    desktop="Xvfb $DISPLAY"
else
    unset DISPLAY
    desktop="no display (Xvfb not installed)"
fi
unset WAYLAND_DISPLAY
if command -v dbus-daemon >/dev/null; then
    DBUS_SESSION_BUS_ADDRESS="$(dbus-daemon --session --fork --print-address=1 --print-pid=3 3>"$scratch/bus.pid")"
    export DBUS_SESSION_BUS_ADDRESS
    pids+=("$(cat "$scratch/bus.pid")")
fi
export XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" HOME="$scratch/home"
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME" "$XDG_STATE_HOME" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"

# Sums over all threads of a process: CPU ticks (utime + stime) and context switches.
cpu_ticks() { cat /proc/"$1"/task/*/stat 2>/dev/null | awk '{ sum += $14 + $15 } END { print sum + 0 }'; }
switches() { cat /proc/"$1"/task/*/status 2>/dev/null | awk '/ctxt_switches/ { sum += $2 } END { print sum + 0 }'; }
rss_kib() { awk '/^VmRSS/ { print $2 }' /proc/"$1"/status; }
pss_kib() { awk '/^Pss:/ { print $2 }' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }
# Memory only this process holds and the kernel cannot drop: RSS also counts clean pages of the
# program file, which the kernel maps eagerly around every page touched and can reclaim.
dirty_kib() { awk '/^Private_Dirty:/ { print $2 }' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }

results=()
measure() { # name pid
    local name="$1" pid="$2"
    sleep "$settle"
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "footprint: $name exited during start-up; skipped" >&2
        return
    fi
    local cpu0 sw0 cpu1 sw1
    cpu0="$(cpu_ticks "$pid")"; sw0="$(switches "$pid")"
    sleep "$seconds"
    cpu1="$(cpu_ticks "$pid")"; sw1="$(switches "$pid")"
    local rss pss dirty
    rss="$(rss_kib "$pid")"; pss="$(pss_kib "$pid")"; dirty="$(dirty_kib "$pid")"
    results+=("$(awk -v n="$name" -v rss="$rss" -v pss="$pss" -v dirty="$dirty" -v cpu=$((cpu1 - cpu0)) \
        -v sw=$((sw1 - sw0)) -v s="$seconds" -v hz="$ticks_per_second" \
        'BEGIN { printf "%-12s %9.1f %9.1f %11.1f %12.1f %14.1f", n, rss / 1024, pss / 1024, dirty / 1024, cpu * 1000 / hz * 60 / s, sw * 60 / s }')")
}

"$posture" daemon >"$scratch/posture.log" 2>&1 &
posture_pid=$!
pids+=("$posture_pid")
measure posture "$posture_pid"
backend="$("$posture" status --json 2>/dev/null | awk -F'"' '/idle_backend/ { print $4 }')"
kill "$posture_pid" 2>/dev/null || true

for peer in workrave safeeyes rsibreak; do
    if command -v "$peer" >/dev/null; then
        "$peer" >"$scratch/$peer.log" 2>&1 &
        peer_pid=$!
        pids+=("$peer_pid")
        measure "$peer" "$peer_pid"
        kill "$peer_pid" 2>/dev/null || true
    fi
done

echo "footprint: idle for ${seconds} s after ${settle} s to settle; desktop: $desktop; posture idle backend: ${backend:-unknown}"
printf '%-12s %9s %9s %11s %12s %14s\n' program "RSS MiB" "PSS MiB" "dirty MiB" "CPU ms/min" "switches/min"
printf '%s\n' "${results[@]}"
