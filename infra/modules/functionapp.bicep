// Flex Consumption (FC1, Linux) plan and the function app: .NET 10 isolated worker, code deployed
// from a blob container, every storage connection through the user-assigned identity.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param blobEndpoint string
param queueEndpoint string
param tableEndpoint string
param deploymentContainer string
param insightsConnectionString string
param azureAdTenantId string
param azureAdClientId string
param azureAdAudience string
@description('Key Vault secret URI (versionless) of the identity-hash key.')
param identityHashKeySecretUri string
@description('Key Vault secret URI of the previous identity-hash key, set as an app setting only during a rotation.')
param previousIdentityHashKeySecretUri string
@description('Whether a rotation of the identity-hash key is under way (a previous key is kept).')
param rotatingIdentityHashKey bool
@description('Key Vault key id (versionless) of the key-encryption key of ID numbers.')
param protectionKeyId string
param listPublishSchedule string
param gradingReviewSchedule string
@description('Trace:PublicBaseUrl; empty: the app\'s own URL.')
param publicBaseUrl string
param maximumInstanceCount int
param instanceMemoryMB int

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve with the user-assigned identity (Key Vault Secrets User).
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
        { name: 'Storage__AccountName', value: storageAccountName }
        { name: 'Storage__ClientId', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        { name: 'AzureAd__Instance', value: environment().authentication.loginEndpoint }
        { name: 'AzureAd__TenantId', value: azureAdTenantId }
        { name: 'AzureAd__ClientId', value: azureAdClientId }
        { name: 'AzureAd__Audience', value: azureAdAudience }
        { name: 'Lists__IdentityHashKey', value: '@Microsoft.KeyVault(SecretUri=${identityHashKeySecretUri})' }
        { name: 'Protection__KeyVaultKeyId', value: protectionKeyId }
        { name: 'Lists__PublishSchedule', value: listPublishSchedule }
        { name: 'Grading__ReviewSchedule', value: gradingReviewSchedule }
        // Scan URLs, QR codes and EPCIS documents print this, never a request's Host header; the app refuses to start without it.
        { name: 'Trace__PublicBaseUrl', value: empty(publicBaseUrl) ? 'https://${appName}.azurewebsites.net' : publicBaseUrl }
        { name: 'RateLimit__TrustForwardedFor', value: 'true' }
        // The host's request-body ceiling: RequestLimits.MaxRequestBodyBytes (105 MiB), so a 100 MiB import passes the host and the worker's Kestrel.
        { name: 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT', value: '110100480' }
        // The search page answers at the site root, where the host would otherwise show its own page.
        { name: 'AzureWebJobsDisableHomepage', value: 'true' }
      ], !rotatingIdentityHashKey ? [] : [
        // Only during a rotation of the identity-hash key: searches look under both keys until the re-hash has run.
        { name: 'Lists__PreviousIdentityHashKey', value: '@Microsoft.KeyVault(SecretUri=${previousIdentityHashKeySecretUri})' }
      ])
    }
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
