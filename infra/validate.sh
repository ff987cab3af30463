#!/usr/bin/env bash
# Compiles and lints the Azure templates with the Bicep CLI from NuGet; any warning fails.
set -euo pipefail
cd "$(dirname "$0")"

dotnet restore tools/BicepCli.csproj --nologo -v quiet
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
bicep="${packages%/}/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"
"$bicep" --version

out=$(mktemp -d)
report=$({ "$bicep" build main.bicep --outdir "$out" && "$bicep" lint main.bicep; } 2>&1) || { echo "$report"; exit 1; }
echo "$report"
if grep -qiE '(warning|error)' <<<"$report"; then
  echo "Bicep reported warnings or errors." >&2
  exit 1
fi
test -s "$out/main.json"
echo "infra: main.bicep builds and lints clean"
