// The app's storage account: no shared keys, TLS 1.2, no public blob access; every table, queue
// (with its -poison queue) and container the app uses, plus the deployment package container.
param name string
param location string
param tags object
param deploymentContainer string
@description('Days a blob of the archive and evidence containers cannot be changed or deleted (time-based immutability).')
param immutabilityDays int
@description('Days a deleted blob or container can be restored.')
param softDeleteDays int

var tables = ['Enterprises', 'Records', 'Grades', 'GradeIndex', 'ListEntries', 'PublicLists', 'Representatives', 'Trace', 'TraceActors', 'Authorizations', 'AccessLog', 'Imports', 'Jobs', 'GradeChanges', 'GradeReviews', 'Objections', 'Providers', 'TraceLinks', 'Banks', 'Accounts', 'Audit', 'RepairApplications', 'Commitments', 'Reports', 'SearchGrams', 'Uploads', 'Subscriptions', 'SubscriptionIndex', 'LoanOutcomes']
var queues = ['enterprise-registrations', 'credit-records', 'grade-requests', 'grade-recompute', 'trace-events', 'imports', 'webhook-events', 'webhook-deliveries']
var containers = ['imports', 'published', 'uploads', deploymentContainer]
// Written once by the app (If-None-Match *): the raw credit-record submissions and objection evidence.
var retainedContainers = ['archive', 'evidence']

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: softDeleteDays }
    containerDeleteRetentionPolicy: { enabled: true, days: softDeleteDays }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in containers: {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

resource retained 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for container in retainedContainers: {
  parent: blobService
  name: container
  properties: { publicAccess: 'None' }
}]

// Time-based retention (WORM) on each retained container, unlocked as deployed: lock it once the
// period is settled (docs/deploy.md), after which it can only be extended.
resource retention 'Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies@2023-05-01' = [for (container, i) in retainedContainers: {
  parent: retained[i]
  name: 'default'
  properties: {
    immutabilityPeriodSinceCreationInDays: immutabilityDays
    allowProtectedAppendWrites: false
  }
}]

// Import files clients write themselves with a SAS (docs/records.md, "Uploading a large file"): an
// upload can be started for one hour; its blob goes a week after its last write, started or not.
resource lifecycle 'Microsoft.Storage/storageAccounts/managementPolicies@2023-05-01' = {
  parent: account
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'delete-old-uploads'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: { blobTypes: ['blockBlob'], prefixMatch: ['uploads/'] }
            actions: { baseBlob: { delete: { daysAfterModificationGreaterThan: 7 } } }
          }
        }
      ]
    }
  }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: queue
}]

resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [for queue in queues: {
  parent: queueService
  name: '${queue}-poison'
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for table in tables: {
  parent: tableService
  name: table
}]

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
