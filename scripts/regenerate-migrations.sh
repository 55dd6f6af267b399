#!/usr/bin/env bash
# Regenerates the EF Core migrations of every service for every provider, and the SQL Server scripts under
# deploy/sqlserver/. Usage: scripts/regenerate-migrations.sh [MigrationName]
#   With a name: adds that migration to every context (after a model change).
#   Without:     removes all migrations and recreates a single "Initial" one (only before the first release!).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
name="${1:-}"

# project | context base name | migration output root (relative to the project)
targets=(
  "src/SolidarityMarket.ServiceDefaults|Auth|Auth/Migrations"
  "src/Catalog/SolidarityMarket.Catalog|Catalog|Data/Migrations"
  "src/Ordering/SolidarityMarket.Ordering|Ordering|Data/Migrations"
  "src/Ledger/SolidarityMarket.Ledger|Ledger|Data/Migrations"
)
providers=(Sqlite Postgres SqlServer)

mkdir -p deploy/sqlserver
for target in "${targets[@]}"; do
  IFS='|' read -r project context root <<<"$target"
  for provider in "${providers[@]}"; do
    ctx="${context}${provider}DbContext"
    if [ -z "$name" ]; then
      rm -rf "$project/$root/$provider"
      migration="Initial"
    else
      migration="$name"
    fi
    echo "== $ctx: $migration"
    # The namespace follows the folder, which keeps the model snapshot beside its migrations.
    dotnet ef migrations add "$migration" --project "$project" --context "$ctx" --output-dir "$root/$provider" >/dev/null
  done
  lower=$(echo "$context" | tr '[:upper:]' '[:lower:]')
  dotnet ef migrations script --idempotent --project "$project" --context "${context}SqlServerDbContext" \
    --output "deploy/sqlserver/${lower}.sql" >/dev/null
done
echo "Migrations regenerated; SQL Server scripts in deploy/sqlserver/."
