#!/usr/bin/env bash
# Compares the files of the Arch package with the .deb's: the same files, with the paths where
# Arch and Debian differ by convention mapped to one (zsh's completion directory, the .deb's
# copyright and changelog, makepkg's own metadata: .PKGINFO, .BUILDINFO, .MTREE).
# Usage: packaging/compare-arch-deb.sh PKG DEB
set -euo pipefail
pkg=$1
deb=$2
arch_files=$(bsdtar -tf "$pkg" | grep -v '/$' | grep -v '^\.' | sort)
deb_files=$(dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print $6}' | sed 's#^\./##' \
    | sed 's#^usr/share/zsh/vendor-completions/#usr/share/zsh/site-functions/#' \
    | grep -v '^usr/share/doc/posture/\(copyright\|changelog\.Debian\.gz\)$' | sort)
if [ "$arch_files" != "$deb_files" ]; then
    echo "build-arch: the Arch package's files differ from the .deb's (< arch, > deb):" >&2
    diff <(echo "$arch_files") <(echo "$deb_files") >&2 || true
    exit 1
fi
echo "build-arch: $(echo "$arch_files" | wc -l) files, the same as the .deb's" >&2
