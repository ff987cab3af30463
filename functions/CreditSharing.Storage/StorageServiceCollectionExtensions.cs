using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using CreditSharing.Core.Audit;
using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Health;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Inspections;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Commitments;
using CreditSharing.Core.Objections;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Trace;
using CreditSharing.Core.Records;
using CreditSharing.Core.Reports;
using CreditSharing.Storage.Audit;
using CreditSharing.Storage.Enterprises;
using CreditSharing.Storage.Grading;
using CreditSharing.Storage.Lists;
using CreditSharing.Storage.Loans;
using CreditSharing.Storage.Commitments;
using CreditSharing.Storage.Objections;
using CreditSharing.Storage.RepairApplications;
using CreditSharing.Storage.Providers;
using CreditSharing.Storage.Trace;
using CreditSharing.Storage.Imports;
using CreditSharing.Storage.Inspections;
using CreditSharing.Storage.Records;
using CreditSharing.Storage.Reports;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CreditSharing.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Azure clients (singletons) and every storage adapter. A connection string wins;
    /// otherwise the account is reached with managed identity, as deployed.
    /// </summary>
    public static IServiceCollection AddCreditSharingStorage(this IServiceCollection services, IConfiguration configuration, StorageNames names)
    {
        var options = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var connectionString = options.ConnectionString;
        var accountName = options.AccountName ?? configuration["AzureWebJobsStorage:accountName"];
        if (string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(accountName))
        {
            // Under the Functions host the trigger connection doubles as the data connection.
            connectionString = configuration["AzureWebJobsStorage"];
        }

        services.AddAzureClients(clients =>
        {
            if (!string.IsNullOrWhiteSpace(connectionString))
            {
                clients.AddTableServiceClient(connectionString);
                clients.AddBlobServiceClient(connectionString);
                clients.AddQueueServiceClient(connectionString).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
            }
            else if (!string.IsNullOrWhiteSpace(accountName) || !string.IsNullOrWhiteSpace(configuration["AzureWebJobsStorage:tableServiceUri"]))
            {
                // The host's own service URIs win, so sovereign clouds (core.chinacloudapi.cn) work unchanged.
                Uri Endpoint(string service) => new(configuration[$"AzureWebJobsStorage:{service}ServiceUri"] ?? $"https://{accountName}.{service}.core.windows.net");
                clients.AddTableServiceClient(Endpoint("table"));
                clients.AddBlobServiceClient(Endpoint("blob"));
                clients.AddQueueServiceClient(Endpoint("queue")).ConfigureOptions(o => o.MessageEncoding = QueueMessageEncoding.Base64);
                var clientId = options.ClientId ?? configuration["AzureWebJobsStorage:clientId"];
                TokenCredential credential = string.IsNullOrWhiteSpace(clientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
                clients.UseCredential(credential);
            }
            else
            {
                throw new InvalidOperationException("Storage is not configured: set Storage:ConnectionString, or Storage:AccountName for managed identity.");
            }
        });

        services.AddSingleton(names);
        services.AddSingleton<StorageQueue>();
        services.AddSingleton<StorageInitializer>();
        services.AddSingleton<IHealthProbe, StorageHealthProbe>();
        services.AddSingleton<EnterpriseTableStore>();
        services.AddSingleton<IEnterpriseStore>(provider => provider.GetRequiredService<EnterpriseTableStore>());
        services.AddSingleton<CreditSharing.Core.Protection.IReprotectable>(provider => provider.GetRequiredService<EnterpriseTableStore>());
        services.AddSingleton<IEnterpriseRegistrationQueue, EnterpriseRegistrationQueue>();
        services.AddSingleton<Search.SearchIndexTableStore>();
        services.AddSingleton<Core.Search.ISearchIndexStore>(provider => provider.GetRequiredService<Search.SearchIndexTableStore>());
        services.AddSingleton<IRecordStore, RecordTableStore>();
        services.AddSingleton<IRecordQueue, RecordQueue>();
        services.AddSingleton<ISubmissionArchive, BlobSubmissionArchive>();
        services.AddSingleton<IImportStore, ImportTableStore>();
        services.AddSingleton<IImportFiles, ImportBlobFiles>();
        services.AddSingleton<IImportQueue, ImportQueue>();
        services.AddSingleton<IUploadStore, UploadTableStore>();
        services.AddSingleton<IUploadBlobs, UploadBlobs>();
        services.AddSingleton<IGradeStore, GradeTableStore>();
        services.AddSingleton<IGradeChangeLog, GradeChangeTableStore>();
        services.AddSingleton<IGradeReviewIndex, GradeReviewTableStore>();
        services.AddSingleton<IListEntryReader, ListEntryTableReader>();
        services.AddSingleton<IRecomputeJobStore, RecomputeJobTableStore>();
        services.AddSingleton<IGradeRequestQueue, GradeRequestQueue>();
        services.AddSingleton<IRecomputeQueue, RecomputeQueue>();
        services.AddSingleton<IInspectionPlanStore, BlobInspectionPlanStore>();
        services.AddSingleton<IListEntryStore, ListEntryTableStore>();
        services.AddSingleton<IPublicListStore, PublicListTableStore>();
        services.AddSingleton<IRepresentativeIndex, RepresentativeTableIndex>();
        services.AddSingleton<IListSnapshots, BlobListSnapshots>();
        services.AddSingleton<IConsentStore, ConsentTableStore>();
        services.AddSingleton<IAccessLog, AccessLogTableStore>();
        services.AddSingleton<ILoanOutcomeStore, LoanOutcomeTableStore>();
        services.AddSingleton<IReportRegistry, ReportTableStore>();
        services.AddSingleton<ITraceStore, TraceTableStore>();
        services.AddSingleton<ITraceEventQueue, TraceEventQueue>();
        services.AddSingleton<IScanTallyStore, TraceScanTallyStore>();
        services.AddSingleton<ITraceLinkStore, TraceLinkTableStore>();
        services.AddSingleton<IObjectionStore, ObjectionTableStore>();
        services.AddSingleton<IRepairApplicationStore, RepairApplicationTableStore>();
        services.AddSingleton<ICommitmentStore, CommitmentTableStore>();
        services.AddSingleton<IEvidenceFiles, EvidenceBlobFiles>();
        services.AddSingleton<IProviderStore, ProviderTableStore>();
        services.AddSingleton<AuditTableStore>();
        services.AddSingleton<IAuditLog>(provider => provider.GetRequiredService<AuditTableStore>());
        services.AddSingleton<IAuditReader>(provider => provider.GetRequiredService<AuditTableStore>());
        services.AddSingleton<Core.Banks.IBankStore, Banks.BankTableStore>();
        services.AddSingleton<Core.Identity.IAccountStore, Identity.AccountTableStore>();
        services.AddSingleton<Core.Webhooks.ISubscriptionStore, Webhooks.SubscriptionTableStore>();
        services.AddSingleton<Core.Webhooks.IWebhookQueue, Webhooks.WebhookQueue>();
        return services;
    }
}
