#!/usr/bin/env bash
# Refreshes the README's screenshots (docs/images/*.png) from what the browser tests see in a fresh
# `dotnet run` of the AppHost. A plain `dotnet test` writes them to QuoteAspire.Tests/TestResults/screenshots
# instead, so only this command changes tracked files. Review the images with `git diff --stat docs/images`
# and commit the ones that changed meaningfully.
set -euo pipefail
cd "$(dirname "$0")/.."
QUOTEASPIRE_SCREENSHOTS=docs/images dotnet test QuoteAspire.Tests --filter "FullyQualifiedName~QuoteAspire.Tests.Browser" "$@"
git status --short docs/images
