#!/bin/sh
# mmdebstrap customize hook for the frontend's base image; $1 is the image's root filesystem.
# Laid out as mcr.microsoft.com/dotnet/aspnet: the machine's shared runtime (DOTNET_ROOT, version
# ASPNET_VERSION, from prepare.sh) in /usr/share/dotnet, and a user app with id 1654.
set -eu
target="$1/usr/share/dotnet"
mkdir -p "$target/shared/Microsoft.NETCore.App" "$target/shared/Microsoft.AspNetCore.App"
cp -a "$DOTNET_ROOT/dotnet" "$DOTNET_ROOT/host" "$target/"
cp -a "$DOTNET_ROOT/shared/Microsoft.NETCore.App/$ASPNET_VERSION" "$target/shared/Microsoft.NETCore.App/"
cp -a "$DOTNET_ROOT/shared/Microsoft.AspNetCore.App/$ASPNET_VERSION" "$target/shared/Microsoft.AspNetCore.App/"
ln -s /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"
echo 'app:x:1654:1654:app:/home/app:/usr/sbin/nologin' >>"$1/etc/passwd"
echo 'app:x:1654:' >>"$1/etc/group"
mkdir -p "$1/home/app"
chown 1654:1654 "$1/home/app"
