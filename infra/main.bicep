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
@description('HMAC key for ID numbers in the legal-representative index.')
param identityHashKey string

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
    identityHashKey: identityHashKey
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
