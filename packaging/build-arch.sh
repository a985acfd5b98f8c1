#!/usr/bin/env bash
# Builds packaging/arch/PKGBUILD with makepkg, from a `git archive` tarball of this checkout's
# HEAD, and with a .deb given compares the Arch package's files with the .deb's. Runs on Debian
# (makepkg, libarchive-tools and fakeroot from Debian's packages), as root: makepkg refuses
# root, so it runs as an unprivileged user this script creates, with a hard-linked copy of the
# current Rust toolchain (rustup's lives under /root, which that user cannot enter).
# `--nodeps`: the PKGBUILD's depends name Arch packages that Debian's pacman cannot know.
# Usage: packaging/build-arch.sh [DEB]; prints the package's path on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
deb="${1:-}"
user=posture-build

if [ "$(id -u)" != 0 ]; then
    echo "build-arch: run as root (it creates the unprivileged user makepkg runs as)" >&2
    exit 1
fi
version=$(sed -n 's/^pkgver=//p' packaging/arch/PKGBUILD)
work=$(mktemp -d /tmp/posture-arch.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The PKGBUILD's source is "$pkgname-$pkgver.tar.gz::<url>": makepkg uses a file of that name
# beside the PKGBUILD instead of downloading it.
git archive --format=tar.gz --prefix="posture-$version/" -o "$work/posture-$version.tar.gz" HEAD
cp packaging/arch/PKGBUILD "$work/"
cp -al "$(rustc --print sysroot)" "$work/toolchain"
mkdir -p "$work/home"
id -u "$user" >/dev/null 2>&1 || useradd --system --no-create-home "$user"
# pacman's local database, empty on Debian: makepkg reads it for .BUILDINFO and cannot create
# it as the build user.
pacman -Qq >/dev/null 2>&1 || true
chown -R "$user:" "$work/home" "$work/PKGBUILD" "$work/posture-$version.tar.gz"
chown "$user:" "$work"

runuser -u "$user" -- env -i \
    HOME="$work/home" \
    PATH="$work/toolchain/bin:/usr/bin:/bin" \
    LANG=C.UTF-8 \
    bash -c "cd '$work' && makepkg --nodeps --nocheck --noconfirm --nocolor" >&2

pkg=$(ls "$work"/posture-"$version"-*.pkg.tar.*)
# Not target/packaging: build-deb.sh empties that, and CI builds the two packages at once.
mkdir -p target/arch
cp "$pkg" target/arch/
pkg="target/arch/$(basename "$pkg")"

if [ -n "$deb" ]; then
    packaging/compare-arch-deb.sh "$pkg" "$deb"
fi
echo "$pkg"
