#!/usr/bin/env bash
# Renders the PNG sizes of the application icon from packaging/icons/posture.svg into the
# hicolor layout. Run after changing the SVG and commit the PNGs (needs rsvg-convert, from
# Debian's librsvg2-bin); tests/packaging_files.rs checks they exist at the right sizes.
set -euo pipefail
cd "$(dirname "$0")"
for size in 16 22 24 32 48 64 128 256; do
    dir="linux/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$dir"
    rsvg-convert -w "$size" -h "$size" icons/posture.svg -o "$dir/posture.png"
done
