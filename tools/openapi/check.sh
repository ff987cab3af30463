#!/usr/bin/env bash
# The OpenAPI checks of CI (docs/api.md): write the document without a running host, validate it with
# @seriousme/openapi-schema-validator, regenerate the Kiota C# client into tools/CreditSharing.Client/Generated
# and fail if Kiota logged any warning or the committed client differs from the regenerated one.
# Run after `npm ci` and `dotnet build`. `--update` regenerates without failing on a difference (after an API change).
set -euo pipefail
cd "$(dirname "$0")/../.."
document=$(mktemp -d)/openapi.json
dotnet run --no-build --project functions/CreditSharing.DevHost -c Debug -- --write-openapi "$document"
node tools/openapi/validate.mjs "$document"

dotnet tool restore > /dev/null
log=$(mktemp)
generated=tools/CreditSharing.Client/Generated
dotnet kiota generate -l CSharp -d "$document" -o "$generated" -c CreditSharingApiClient -n CreditSharing.Client \
  --clean-output --exclude-backward-compatible --log-level Warning 2>&1 | tee "$log"
rm -f "$generated/kiota-lock.json"
# Kiota checks GitHub for a newer release; offline (CI) that check logs "Unable to check for updates",
# which says nothing about the document. Every other warning fails.
warnings=$(grep -E '^(warn|fail|crit):' -A1 "$log" | grep -vE '^(warn|fail|crit): Kiota.Builder.KiotaBuilder\[0\]$|Unable to check for updates|^--$' || true)
if [ -n "$warnings" ]; then
  echo "Kiota logged warnings:" >&2
  echo "$warnings" >&2
  exit 1
fi
if [ "${1:-}" != "--update" ] && { ! git diff --quiet --exit-code -- "$generated" || [ -n "$(git ls-files --others --exclude-standard -- "$generated")" ]; }; then
  echo "tools/CreditSharing.Client/Generated is not what the document generates: run bash tools/openapi/check.sh --update and commit." >&2
  git status --short -- "$generated" >&2
  exit 1
fi
echo "openapi: document valid, Kiota client generated without warnings and up to date"
