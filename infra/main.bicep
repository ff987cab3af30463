// CreditSharing on Azure Functions Flex Consumption, the way Azure's own Functions quickstarts
// deploy today: code from a blob container, storage reached with a user-assigned managed identity
// (shared keys disabled), Application Insights with Entra-authenticated ingestion.
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('azd environment name; names and tags every resource.')
param environmentName string

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Entra ID tenant of the API app registration.')
param azureAdTenantId string

@description('Client id of the API app registration (the one that defines the app roles).')
param azureAdClientId string

@description('Accepted token audience, e.g. api://creditsharing.')
param azureAdAudience string

@secure()
@minLength(32)
@description('HMAC key for ID numbers in the legal-representative index; stored in Key Vault, read through a Key Vault reference.')
param identityHashKey string

@secure()
@description('During a rotation of the identity-hash key only: the key before it (docs/deploy.md). Empty outside a rotation.')
param previousIdentityHashKey string = ''

@description('Resource id of an action group the alerts notify (poison queues, 5xx rate); empty: alerts without notification.')
param alertActionGroupId string = ''

@minValue(1)
@maxValue(100)
@description('Alert when more than this percentage of requests in 15 minutes answered 5xx.')
param serverErrorPercentThreshold int = 5

@minValue(1)
@maxValue(146000)
@description('Days each blob of the archive and evidence containers stays immutable.')
param immutabilityDays int = 1825

@minValue(1)
@maxValue(365)
@description('Days deleted blobs and containers can be restored (soft delete).')
param softDeleteDays int = 30

@description('NCRONTAB (UTC) of the daily red/black list publication; 16:30 UTC is 00:30 in the city.')
param listPublishSchedule string = '0 30 16 * * *'

@description('NCRONTAB (UTC) of the daily re-grade of grades whose review date has come; 16:01 UTC is 00:01 in the city.')
param gradingReviewSchedule string = '0 1 16 * * *'

@description('Public base URL of scan pages, QR codes and EPCIS documents (a custom domain or CDN, e.g. https://credit.example.cn); empty: the function app\'s own URL. Never taken from a request.')
param publicBaseUrl string = ''

@minValue(40)
@maxValue(1000)
@description('Upper bound of Flex Consumption instances.')
param maximumInstanceCount int = 100

@allowed([2048, 4096])
@description('Memory of each instance in MB.')
param instanceMemoryMB int = 2048

var token = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName))
var tags = { 'azd-env-name': environmentName }
var deploymentContainer = 'app-package-${take(token, 8)}'

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: 'st${take(token, 20)}'
    location: location
    tags: tags
    deploymentContainer: deploymentContainer
    immutabilityDays: immutabilityDays
    softDeleteDays: softDeleteDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    workspaceName: 'log-${token}'
    insightsName: 'appi-${token}'
    location: location
    tags: tags
  }
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'id-${token}'
  location: location
  tags: tags
}

module access 'modules/access.bicep' = {
  name: 'access'
  params: {
    storageAccountName: storage.outputs.name
    insightsName: monitoring.outputs.insightsName
    principalId: identity.properties.principalId
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: 'kv-${take(token, 21)}'
    location: location
    tags: tags
    principalId: identity.properties.principalId
    identityHashKey: identityHashKey
    previousIdentityHashKey: previousIdentityHashKey
  }
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    namePrefix: 'alert-${take(token, 8)}'
    location: location
    tags: tags
    insightsId: monitoring.outputs.insightsId
    actionGroupId: alertActionGroupId
    serverErrorPercentThreshold: serverErrorPercentThreshold
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  dependsOn: [access]
  params: {
    planName: 'plan-${token}'
    appName: 'func-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.id
    identityClientId: identity.properties.clientId
    storageAccountName: storage.outputs.name
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainer: deploymentContainer
    insightsConnectionString: monitoring.outputs.connectionString
    azureAdTenantId: azureAdTenantId
    azureAdClientId: azureAdClientId
    azureAdAudience: azureAdAudience
    identityHashKeySecretUri: keyVault.outputs.identityHashKeySecretUri
    previousIdentityHashKeySecretUri: keyVault.outputs.previousIdentityHashKeySecretUri
    rotatingIdentityHashKey: !empty(previousIdentityHashKey)
    protectionKeyId: keyVault.outputs.kekUri
    listPublishSchedule: listPublishSchedule
    gradingReviewSchedule: gradingReviewSchedule
    publicBaseUrl: publicBaseUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
  }
}

output AZURE_LOCATION string = location
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output API_URL string = functionApp.outputs.url
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_RESOURCE_GROUP string = resourceGroup().name
