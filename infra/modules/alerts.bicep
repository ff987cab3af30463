// Log alerts on Application Insights: messages waiting in poison queues (the app's gauge
// creditsharing.queue.poison_messages, sampled every 5 minutes while an instance runs) and the
// share of requests answered 5xx. Each notifies the action group when one is given.
param namePrefix string
param location string
param tags object
param insightsId string
@description('Resource id of an action group to notify; empty: the alerts fire without notifying anyone.')
param actionGroupId string
@description('Alert when more than this percentage of requests in 15 minutes answered 5xx (at least 20 requests).')
param serverErrorPercentThreshold int

var actions = { actionGroups: empty(actionGroupId) ? [] : [actionGroupId] }

resource poisonAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-poison-queues'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CreditSharing: messages in poison queues'
    description: 'A message failed every delivery and waits in a poison queue for an operator (docs/reliability.md).'
    severity: 2
    enabled: true
    scopes: [insightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'customMetrics | where name == "creditsharing.queue.poison_messages" | extend queue = tostring(customDimensions["queue"]) | summarize PoisonMessages = max(value) by queue'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'PoisonMessages'
          dimensions: [
            { name: 'queue', operator: 'Include', values: ['*'] }
          ]
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: actions
  }
}

resource serverErrorAlert 'Microsoft.Insights/scheduledQueryRules@2023-12-01' = {
  name: '${namePrefix}-server-errors'
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'CreditSharing: 5xx rate'
    description: 'The share of requests answered with a 5xx status; bad input is never 5xx, so these are faults.'
    severity: 1
    enabled: true
    scopes: [insightsId]
    evaluationFrequency: 'PT5M'
    windowSize: 'PT15M'
    autoMitigate: true
    criteria: {
      allOf: [
        {
          query: 'requests | summarize Total = count(), Failed = countif(toint(resultCode) >= 500) | where Total >= 20 | extend FailedPercent = 100.0 * Failed / Total'
          timeAggregation: 'Maximum'
          metricMeasureColumn: 'FailedPercent'
          operator: 'GreaterThan'
          threshold: serverErrorPercentThreshold
          failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 }
        }
      ]
    }
    actions: actions
  }
}
