#!/usr/bin/env bash
# Regenerates the screenshots of what posture puts on screen, in English and Dutch, from the
# real program under a virtual X server and dunst: the warning before a break, the movement
# break reminder and the break screen as a window and covering the screen
# (docs/src/images/warning-*.png, reminder-*.png, break-screen-window-*.png,
# break-screen-fullscreen-*.png).
#
# Needs Xvfb, dunst, dbus-daemon, xdotool, xwd and ImageMagick's convert. From the repository
# root, after `cargo build --release`:
#
#     docs/screenshots.sh [path/to/posture]
set -euo pipefail
cd "$(dirname "$0")/.."
posture=$(realpath "${1:-target/release/posture}")
out=$(pwd)/docs/src/images
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

display=:77
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp &
export DISPLAY=$display
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

# The notification dunst shows, cut from the screen.
shoot() {
    local name=$1 window geometry
    sleep 1
    window=$(xdotool search --classname Dunst | tail -n 1)
    geometry=$(xdotool getwindowgeometry --shell "$window")
    eval "$geometry"
    xwd -root -silent | convert xwd:- -crop "${WIDTH}x${HEIGHT}+${X}+${Y}" +repage "$out/$name.png"
    echo "wrote docs/src/images/$name.png (${WIDTH}x${HEIGHT})"
}
# The break screen: its window, or the whole screen at half size.
shoot_screen() {
    local name=$1 mode=$2 window
    sleep 2
    if [ "$mode" = window ]; then
        window=$(xdotool search --name "posture break" | tail -n 1)
        xwd -id "$window" -silent | convert xwd:- "$out/$name.png"
    else
        xwd -root -silent | convert xwd:- -resize 50% "$out/$name.png"
    fi
    echo "wrote docs/src/images/$name.png"
    xdotool key Escape
    sleep 1
}
export -f shoot shoot_screen
export out

# dunst as many people set it up: wider than its default, with room for the card's picture.
printf '[global]\nwidth = 440\nmax_icon_size = 96\nfont = "DejaVu Sans 10"\nframe_width = 1\npadding = 10\nhorizontal_padding = 10\n' >"$work/dunstrc"

for lang in en nl; do
    home=$work/$lang
    mkdir -p "$home/config/posture" "$home/state" "$home/cache" "$home/runtime"
    chmod 700 "$home/runtime"
    # The warning comes 5 s after the start: a movement break every 35 s, warned 30 s before.
    printf 'language = "%s"\n[rest]\nevery = "35s"\nduration = "30s"\n[reminders]\nwarn_before = "30s"\n[tray]\nenabled = false\n' \
        "$lang" >"$home/config/posture/config.toml"
    env HOME="$home" XDG_CONFIG_HOME="$home/config" XDG_STATE_HOME="$home/state" \
        XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/runtime" \
        dbus-run-session -- bash -c '
            dunst -config "$3" >/dev/null 2>&1 &
            sleep 0.5
            "$1" daemon >/dev/null 2>&1 &
            until "$1" status >/dev/null 2>&1; do sleep 0.1; done
            sleep 6
            shoot warning-"$2"
            # The reminder with the default break lengths: the config is applied live.
            printf "language = \"%s\"\n[tray]\nenabled = false\n" "$2" >"$XDG_CONFIG_HOME/posture/config.toml"
            sleep 1
            "$1" break rest >/dev/null
            shoot reminder-"$2"
            "$1" skip >/dev/null
            for mode in window fullscreen; do
                printf "language = \"%s\"\n[tray]\nenabled = false\n[break_screen]\nmode = \"%s\"\n" "$2" "$mode" \
                    >"$XDG_CONFIG_HOME/posture/config.toml"
                sleep 1
                "$1" break rest >/dev/null
                shoot_screen break-screen-"$mode"-"$2" "$mode"
            done
            "$1" quit >/dev/null
            kill %1
        ' _ "$posture" "$lang" "$work/dunstrc"
done
