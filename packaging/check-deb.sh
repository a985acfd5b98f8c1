#!/usr/bin/env bash
# Installs the posture .deb with dpkg on this machine, checks that the binary runs from
# /usr/bin and that every file landed where the desktop looks for it, validates the installed
# desktop entries and AppStream file, then removes and purges the package and checks that
# nothing it installed is left. CI runs this as root on a throwaway machine.
set -euo pipefail
deb="$1"

if dpkg-query -W -f '${Status}' posture 2>/dev/null | grep -q installed; then
    echo "check-deb: posture is already installed here; not touching it" >&2
    exit 1
fi

dpkg -i "$deb"
/usr/bin/posture --version

expected=(
    /usr/bin/posture
    /usr/share/applications/posture.desktop
    /etc/xdg/autostart/posture.desktop
    /usr/lib/systemd/user/posture.service
    /usr/share/metainfo/io.github.posture.Posture.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/posture.svg
    /usr/share/man/man1/posture.1.gz
    /usr/share/man/man1/posture-autostart.1.gz
    /usr/share/bash-completion/completions/posture
    /usr/share/zsh/vendor-completions/_posture
    /usr/share/fish/vendor_completions.d/posture.fish
    /usr/share/doc/posture/config.toml
)
for size in 16 22 24 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/posture.png")
done
missing=0
for file in "${expected[@]}"; do
    if [ ! -s "$file" ]; then
        echo "check-deb: missing or empty: $file" >&2
        missing=1
    fi
done
[ "$missing" = 0 ]
# The man page renders (man-db is not always installed; nroff reads the page directly).
zcat /usr/share/man/man1/posture.1.gz | nroff -man -ww >/dev/null
desktop-file-validate /usr/share/applications/posture.desktop /etc/xdg/autostart/posture.desktop
appstreamcli validate --no-net /usr/share/metainfo/io.github.posture.Posture.metainfo.xml
echo "check-deb: $(dpkg -L posture | wc -l) paths installed, all expected files present"

installed=$(mktemp)
dpkg -L posture | while read -r path; do [ -f "$path" ] && echo "$path"; done >"$installed"
dpkg -r posture
# `dpkg -r` keeps conffiles (the system-wide autostart entry), as Debian does for /etc;
# it is inert once the binary is gone (TryExec), and `dpkg --purge` removes it.
left=$(while read -r path; do [ -e "$path" ] && echo "$path"; done <"$installed" || true)
if [ "$left" != "/etc/xdg/autostart/posture.desktop" ]; then
    echo "check-deb: after dpkg -r, expected only the conffile to remain, found: ${left:-nothing}" >&2
    exit 1
fi
dpkg --purge posture
left=$(while read -r path; do [ -e "$path" ] && echo "$path"; done <"$installed" || true)
rm -f "$installed"
if [ -n "$left" ]; then
    echo "check-deb: after dpkg --purge, still present: $left" >&2
    exit 1
fi
echo "check-deb: dpkg -r removed every file but the conffile, dpkg --purge removed that too"
