#!/bin/sh
# mmdebstrap customize hook for the frontend's base image; $1 is the image's root filesystem.
# Laid out as mcr.microsoft.com/dotnet/runtime-deps: the native libraries a self-contained or Native AOT .NET
# program needs (the packages prepare.sh installs), no .NET runtime, and a user app with id 1654.
set -eu
echo 'app:x:1654:1654:app:/home/app:/usr/sbin/nologin' >>"$1/etc/passwd"
echo 'app:x:1654:' >>"$1/etc/group"
mkdir -p "$1/home/app"
chown 1654:1654 "$1/home/app"
