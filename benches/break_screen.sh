#!/usr/bin/env bash
# Break screen benchmark: how quickly the break screen is on screen and how much memory it takes.
# A release daemon runs in a private Xvfb desktop with `[break_screen] mode = "window"` (then
# "fullscreen"); each round calls `posture break` and measures, from the call to the instant
# the break screen logs its first frame (after its first PutImage), and the break screen
# process's peak resident memory (VmHWM) after two seconds of its animation. `posture skip`
# closes it. Figures only, not a timed test.
#
#   benches/break_screen.sh                 # builds posture in release mode first
#   BREAK_SCREEN_ROUNDS=3 benches/break_screen.sh
#
# Targets: first frame within 300 ms of the break falling due, at most 40 MiB resident.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${BREAK_SCREEN_ROUNDS:-5}"
command -v Xvfb >/dev/null || { echo "break_screen: Xvfb is not installed (apt-get install -y xvfb)"; exit 1; }
cargo build --release --quiet
posture="$PWD/target/release/posture"

scratch="$(mktemp -d /tmp/posture-break-screen.XXXXXX)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$scratch"
}
trap cleanup EXIT

Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp -noreset 3>"$scratch/display" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -s "$scratch/display" ] && break; sleep 0.1; done
export DISPLAY=":$(tr -d '[:space:]' <"$scratch/display")"
unset WAYLAND_DISPLAY
export XDG_RUNTIME_DIR="$scratch/run" XDG_CONFIG_HOME="$scratch/config" XDG_STATE_HOME="$scratch/state" HOME="$scratch/home"
export DBUS_SESSION_BUS_ADDRESS="unix:path=$scratch/no-bus" POSTURE_LOG=info LANG=C
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_CONFIG_HOME/posture" "$XDG_STATE_HOME" "$HOME"
chmod 700 "$XDG_RUNTIME_DIR"

now_ms() { date +%s%3N; }
kib() { awk -v key="$2" '$1 == key":" { print $2 }' /proc/"$1"/status 2>/dev/null; }

measure() {
    local mode="$1"
    printf '[break_screen]\nmode = "%s"\n[notifications]\nsound = false\n' "$mode" >"$XDG_CONFIG_HOME/posture/config.toml"
    local log="$scratch/daemon-$mode.log"
    "$posture" 2>"$log" &
    local daemon=$!
    pids+=("$daemon")
    for _ in $(seq 100); do [ -S "$XDG_RUNTIME_DIR/posture/control.sock" ] && break; sleep 0.05; done
    sleep 1
    local daemon_rss_before
    daemon_rss_before="$(kib "$daemon" VmRSS)"
    local times=() hwms=()
    for round in $(seq "$rounds"); do
        local frames
        frames="$(grep -c 'first frame presented' "$log" || true)"
        local start
        start="$(now_ms)"
        "$posture" break >/dev/null
        for _ in $(seq 100); do
            [ "$(grep -c 'first frame presented' "$log" || true)" -gt "$frames" ] && break
            sleep 0.02
        done
        local shown screen
        shown="$(grep 'first frame presented' "$log" | tail -n 1 | sed 's/.*unix_ms=\([0-9]*\).*/\1/')"
        screen="$(grep 'break screen opened' "$log" | tail -n 1 | sed 's/.*pid=\([0-9]*\).*/\1/')"
        sleep 2
        times+=("$((shown - start))")
        hwms+=("$(kib "$screen" VmHWM)")
        "$posture" skip >/dev/null
        for _ in $(seq 100); do kill -0 "$screen" 2>/dev/null || break; sleep 0.02; done
        echo "  $mode round $round: first frame after $((shown - start)) ms, break screen VmHWM ${hwms[-1]} KiB"
    done
    local daemon_rss_after
    daemon_rss_after="$(kib "$daemon" VmRSS)"
    kill "$daemon"
    wait "$daemon" 2>/dev/null || true
    local sorted_t sorted_m
    sorted_t="$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')"
    sorted_m="$(printf '%s\n' "${hwms[@]}" | sort -n | tr '\n' ' ')"
    echo "break_screen $mode: first frame ms (sorted): $sorted_t| VmHWM KiB (sorted): $sorted_m"
    echo "break_screen $mode: daemon VmRSS before ${daemon_rss_before} KiB, after ${daemon_rss_after} KiB"
}

echo "break_screen: Xvfb $DISPLAY 1920x1080, $rounds rounds per mode, release build"
measure window
measure fullscreen
