#!/usr/bin/env bash
# azd hook: the API's Entra app registration, created or found again (idempotent), for the
# dashboard's MSAL.js sign-in and for every caller's token (docs/deploy.md).
#
#   preprovision   find or create the app registration (display name creditsharing-api-$AZURE_ENV_NAME,
#                  or the app AZURE_AD_CLIENT_ID names): identifier URI api://{clientId}, delegated
#                  scope user_impersonation (the dashboard's MSAL.js asks for it; Azure CLI is
#                  pre-authorized for it), app roles Regulator, DataProvider, Bank, Enterprise, Auditor (members: users and
#                  applications), a service principal; then sets AZURE_AD_TENANT_ID, AZURE_AD_CLIENT_ID,
#                  AZURE_AD_AUDIENCE (and a fresh CREDITSHARING_IDENTITY_HASH_KEY when none is set)
#                  in the azd environment, which Bicep turns into the AzureAd__* app settings.
#   postprovision  adds the SPA redirect URIs https://{host}/dashboard and https://{host}/me of the deployed app (API_URL)
#                  and sets the AzureAd__* app settings on the function app.
#
# Needs: az (signed in, allowed to create app registrations), azd, jq. Runs again without changes
# when everything exists: roles and the scope keep their ids, redirect URIs are added once.
set -euo pipefail

# The app roles of functions/CreditSharing.Functions/Auth/AppRoles.cs (a test checks they match).
readonly APP_ROLES=(Regulator DataProvider Bank Enterprise Auditor)
readonly SCOPE=user_impersonation
readonly GRAPH=https://graph.microsoft.com/v1.0
# Microsoft's first-party Azure CLI application.
readonly AZURE_CLI_APP_ID=04b07795-8ddb-461a-bbee-02f9e1bf7b46

log() { printf 'app-registration: %s\n' "$*" >&2; }

new_uuid() {
  if command -v uuidgen >/dev/null 2>&1; then uuidgen | tr '[:upper:]' '[:lower:]'; else cat /proc/sys/kernel/random/uuid; fi
}

env_value() { azd env get-value "$1" 2>/dev/null || true; }

role_description() {
  case "$1" in
    Regulator) echo "Market regulators: profiles, every record, grades, lists, the dashboard" ;;
    DataProvider) echo "Data-providing departments, as far as the provider registry allows" ;;
    Bank) echo "信易贷 banks registered in the bank registry" ;;
    Enterprise) echo "Enterprise users bound to their enterprises" ;;
    Auditor) echo "Reads the audit log" ;;
    *) echo "$1" ;;
  esac
}

# The app's client id: the one the environment names, else the one with our display name, else a new one.
find_or_create_app() {
  local name=$1 client_id
  client_id=$(env_value AZURE_AD_CLIENT_ID)
  if [[ -n "$client_id" ]] && az ad app show --id "$client_id" --query appId -o tsv >/dev/null 2>&1; then
    log "found app registration $client_id (AZURE_AD_CLIENT_ID)"
    echo "$client_id"
    return
  fi

  client_id=$(az ad app list --display-name "$name" --query '[0].appId' -o tsv)
  if [[ -n "$client_id" ]]; then
    log "found app registration $client_id ($name)"
  else
    client_id=$(az ad app create --display-name "$name" --sign-in-audience AzureADMyOrg --query appId -o tsv)
    log "created app registration $client_id ($name)"
  fi

  echo "$client_id"
}

# appRoles and api of the registration, each role and the scope keeping the id it has.
app_body() {
  local current=$1 client_id=$2 preauthorized=${3:-} roles='[]' role id scope_id
  for role in "${APP_ROLES[@]}"; do
    id=$(jq -r --arg v "$role" '[.appRoles[]? | select(.value == $v) | .id][0] // empty' <<<"$current")
    [[ -n "$id" ]] || id=$(new_uuid)
    roles=$(jq --arg v "$role" --arg id "$id" --arg d "$(role_description "$role")" \
      '. + [{allowedMemberTypes: ["User", "Application"], displayName: $v, value: $v, id: $id, isEnabled: true, description: $d}]' <<<"$roles")
  done

  # Roles defined by hand (not ours) are kept.
  roles=$(jq --argjson ours "$(printf '%s\n' "${APP_ROLES[@]}" | jq -R . | jq -s .)" --argjson current "$current" \
    '. + [$current.appRoles[]? | select(.value as $v | $ours | index($v) | not)]' <<<"$roles")
  scope_id=$(jq -r --arg s "$SCOPE" '[.api.oauth2PermissionScopes[]? | select(.value == $s) | .id][0] // empty' <<<"$current")
  [[ -n "$scope_id" ]] || scope_id=$(new_uuid)
  jq -n --argjson roles "$roles" --arg scope "$SCOPE" --arg sid "$scope_id" --arg uri "api://$client_id" --arg pre "$preauthorized" '{
    identifierUris: [$uri],
    appRoles: $roles,
    api: {
      requestedAccessTokenVersion: 2,
      oauth2PermissionScopes: [{
        id: $sid, value: $scope, type: "User", isEnabled: true,
        adminConsentDisplayName: "Access CreditSharing", adminConsentDescription: "Call the CreditSharing API as the signed-in user.",
        userConsentDisplayName: "Access CreditSharing", userConsentDescription: "Call the CreditSharing API as you."
      }],
      preAuthorizedApplications: (if $pre == "" then [] else [{appId: $pre, delegatedPermissionIds: [$sid]}] end)
    }
  }'
}

preprovision() {
  local env_name client_id object_id current tenant_id
  env_name=$(env_value AZURE_ENV_NAME)
  client_id=$(find_or_create_app "creditsharing-api-${env_name:-default}")
  object_id=$(az ad app show --id "$client_id" --query id -o tsv)
  current=$(az rest --method GET --uri "$GRAPH/applications/$object_id?\$select=appRoles,api,identifierUris" -o json)

  # A scope can only change while it is disabled; ours keeps its id and stays enabled, so one PATCH does.
  az rest --method PATCH --uri "$GRAPH/applications/$object_id" --headers Content-Type=application/json \
    --body "$(app_body "$current" "$client_id")" >/dev/null

  # Then, the scope existing, Azure CLI is pre-authorized for it (the whole api object again: a
  # PATCH replaces it), so an operator can call the API with
  # `az account get-access-token --scope api://{clientId}/user_impersonation` (roles still decide).
  current=$(az rest --method GET --uri "$GRAPH/applications/$object_id?\$select=appRoles,api,identifierUris" -o json)
  az rest --method PATCH --uri "$GRAPH/applications/$object_id" --headers Content-Type=application/json \
    --body "$(app_body "$current" "$client_id" "$AZURE_CLI_APP_ID")" >/dev/null

  if ! az ad sp show --id "$client_id" --query id -o tsv >/dev/null 2>&1; then
    az ad sp create --id "$client_id" --query id -o tsv >/dev/null
    log "created the service principal (enterprise application) of $client_id"
  fi

  tenant_id=$(az account show --query tenantId -o tsv)
  azd env set AZURE_AD_TENANT_ID "$tenant_id"
  azd env set AZURE_AD_CLIENT_ID "$client_id"
  azd env set AZURE_AD_AUDIENCE "api://$client_id"
  if [[ -z "$(env_value CREDITSHARING_IDENTITY_HASH_KEY)" ]]; then
    azd env set CREDITSHARING_IDENTITY_HASH_KEY "$(openssl rand -base64 48)"
    log "generated CREDITSHARING_IDENTITY_HASH_KEY (kept in Key Vault after provisioning)"
  fi

  log "app registration $client_id ready: api://$client_id/$SCOPE, roles ${APP_ROLES[*]}"
}

postprovision() {
  local client_id api_url host object_id uris redirect
  client_id=$(env_value AZURE_AD_CLIENT_ID)
  api_url=$(env_value API_URL)
  if [[ -z "$client_id" || -z "$api_url" ]]; then
    log "AZURE_AD_CLIENT_ID or API_URL is not set: run azd provision first" && exit 1
  fi

  host=${api_url#https://}
  host=${host%%/*}
  object_id=$(az ad app show --id "$client_id" --query id -o tsv)
  # The pages that sign in with MSAL.js: the regulators' dashboard and the enterprises' /me.
  for redirect in "https://$host/dashboard" "https://$host/me"; do
    uris=$(az rest --method GET --uri "$GRAPH/applications/$object_id?\$select=spa" -o json | jq -c '.spa.redirectUris // []')
    if jq -e --arg r "$redirect" 'index($r)' <<<"$uris" >/dev/null; then
      log "SPA redirect URI $redirect is registered"
    else
      az rest --method PATCH --uri "$GRAPH/applications/$object_id" --headers Content-Type=application/json \
        --body "$(jq -n --argjson uris "$uris" --arg r "$redirect" '{spa: {redirectUris: ($uris + [$r])}}')" >/dev/null
      log "added SPA redirect URI $redirect"
    fi
  done

  # Bicep sets the same values from the azd environment; set here too, so a registration changed
  # by hand after provisioning reaches the running app without another deployment.
  az functionapp config appsettings set \
    --resource-group "$(env_value AZURE_RESOURCE_GROUP)" --name "$(env_value AZURE_FUNCTION_APP_NAME)" \
    --settings "AzureAd__Instance=$(az cloud show --query endpoints.activeDirectory -o tsv)/" \
      "AzureAd__TenantId=$(env_value AZURE_AD_TENANT_ID)" "AzureAd__ClientId=$client_id" "AzureAd__Audience=api://$client_id" \
    --output none
  log "AzureAd__* app settings set on $(env_value AZURE_FUNCTION_APP_NAME)"
}

case "${1:-}" in
  preprovision) preprovision ;;
  postprovision) postprovision ;;
  *) echo "usage: $0 preprovision|postprovision" >&2; exit 2 ;;
esac
