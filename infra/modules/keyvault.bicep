// The app's Key Vault (RBAC, soft delete, purge protection): the identity-hash key as a secret
// (read by the function app through a Key Vault reference) and the key-encryption key of ID
// numbers (RSA, wrap/unwrap only; rotated yearly, older versions stay and still unwrap).
param name string
param location string
param tags object
@description('Principal id of the function app\'s user-assigned identity.')
param principalId string
@secure()
param identityHashKey string
@secure()
@description('The identity-hash key before a rotation; empty outside one.')
param previousIdentityHashKey string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'
var keyVaultCryptoServiceEncryptionUser = 'e147488a-f6f5-4113-8e2d-b22465e65bf6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource hashKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'identity-hash-key'
  properties: {
    value: identityHashKey
    contentType: 'HMAC key of ID numbers in the representative index'
  }
}

resource previousHashKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(previousIdentityHashKey)) {
  parent: vault
  name: 'identity-hash-key-previous'
  properties: {
    value: previousIdentityHashKey
    contentType: 'The identity-hash key before the current one, during a rotation'
  }
}

// ARM creates the key's first version only; later deployments leave it (and its versions) alone.
resource kek 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: vault
  name: 'id-number-kek'
  properties: {
    kty: 'RSA'
    keySize: 3072
    keyOps: ['wrapKey', 'unwrapKey']
    rotationPolicy: {
      attributes: { expiryTime: 'P2Y' }
      lifetimeActions: [
        { action: { type: 'rotate' }, trigger: { timeAfterCreate: 'P1Y' } }
        { action: { type: 'notify' }, trigger: { timeBeforeExpiry: 'P30D' } }
      ]
    }
  }
}

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, principalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource cryptoRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(kek.id, principalId, keyVaultCryptoServiceEncryptionUser)
  scope: kek
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultCryptoServiceEncryptionUser)
  }
}

output name string = vault.name
@description('Versionless: the app follows a new secret version within a day (or at restart).')
output identityHashKeySecretUri string = '${vault.properties.vaultUri}secrets/${hashKey.name}'
@description('Where the previous key is kept during a rotation (the secret exists only then).')
output previousIdentityHashKeySecretUri string = '${vault.properties.vaultUri}secrets/identity-hash-key-previous'
@description('Versionless key id: the latest version wraps new data keys, older versions still unwrap.')
output kekUri string = kek.properties.keyUri
