using CreditSharing.Core.Enterprises;
using CreditSharing.Core.Grading;
using CreditSharing.Core.Imports;
using CreditSharing.Core.Inspections;
using CreditSharing.Core.Lists;
using CreditSharing.Core.Loans;
using CreditSharing.Core.Commitments;
using CreditSharing.Core.Objections;
using CreditSharing.Core.RepairApplications;
using CreditSharing.Core.Pages;
using CreditSharing.Core.Protection;
using CreditSharing.Core.Providers;
using CreditSharing.Core.Records;
using CreditSharing.Core.Reports;
using CreditSharing.Core.Rules;
using CreditSharing.Core.Shared;
using CreditSharing.Core.Trace;
using CreditSharing.Functions.Auth;
using CreditSharing.Functions.Reports;
using CreditSharing.Storage;
using CreditSharing.Storage.Protection;
using CreditSharing.Storage.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CreditSharing.Functions.Hosting;

/// <summary>The composition root shared by the function app and the DevHost, so both run the same services.</summary>
public static class CreditSharingServices
{
    public static IServiceCollection AddCreditSharing(this IServiceCollection services, IConfiguration configuration, StorageNames names)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddCreditSharingStorage(configuration, names);
        services.AddCreditSharingAuthentication(configuration);
        services.AddMvcCore().AddJsonOptions(o => WireJson.Configure(o.JsonSerializerOptions));

        services.AddSingleton<FunctionCatalog>();
        services.AddSingleton<FunctionAuthorizer>();
        services.AddSingleton(RateLimitSettings.From(configuration));
        services.AddSingleton<AnonymousRateLimiter>();
        services.AddSingleton<HttpGate>();
        services.AddSingleton<Core.Health.HealthCache>();
        services.AddSingleton<OpenApi.OpenApiDocumentBuilder>();

        services.AddSingleton(CreditRules.Default);
        services.AddSingleton<ProviderGate>();
        services.AddSingleton<ProviderRegistry>();
        services.AddSingleton<Core.Banks.BankRegistry>();
        services.AddSingleton<Core.Identity.AccountRegistry>();
        services.AddSingleton(new Core.Identity.IdentityResolverOptions(LocalConveniences: !AuthenticationSetup.UsesEntraId(configuration)));
        services.AddSingleton<Core.Identity.IIdentityResolver, Core.Identity.IdentityResolver>();
        services.AddSingleton<CallerResolver>();
        services.AddSingleton<Core.Search.SearchIndexer>();
        services.AddSingleton<Core.Search.SearchService>();
        services.AddSingleton<EnterpriseRegistry>();
        services.AddSingleton<RecordWriter>();
        services.AddSingleton<RecordService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportUploadService>();
        services.AddSingleton<GradeDeferral>();
        // One worker per process: its recent grades and in-flight map coalesce requests across messages.
        services.AddSingleton<GradeWorker>();
        services.AddSingleton<GradeReviews>();
        services.AddSingleton<GradeQueries>();
        services.AddSingleton<RegradeJobs>();
        services.AddSingleton<InspectionService>();
        services.AddSingleton<ListService>();
        services.AddSingleton<IRecordDependents>(provider => provider.GetRequiredService<ListService>());
        services.AddSingleton<LoanService>();
        services.AddSingleton<LoanOutcomeService>();
        services.AddSingleton<ActorDirectory>();
        services.AddSingleton<TraceService>();

        // One counter per process; the hosted service flushes it (the worker and the DevHost alike).
        services.AddSingleton<ScanCounter>();
        services.AddHostedService<ScanCounterFlush>();
        services.AddSingleton<PublicPageService>();
        services.AddSingleton<IReportRenderer, ReportPdf>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<Disputes>();
        services.AddSingleton<IObjectionTargets, ObjectionTargets>();
        services.AddSingleton<ObjectionService>();
        services.AddSingleton<IRepairTargets, RepairTargets>();
        services.AddSingleton<RepairApplicationService>();
        services.AddSingleton<CommitmentService>();
        services.AddSingleton(Webhooks.WebhookSettings.From(configuration));
        services.AddSingleton<Core.Webhooks.IWebhookSender, Webhooks.WebhookHttpSender>();
        services.AddSingleton<Core.Webhooks.ICallbackResolver, Webhooks.DnsCallbackResolver>();
        services.AddSingleton<Core.Webhooks.WebhookEvents>();
        services.AddSingleton<Core.Webhooks.WebhookService>();
        var identityKey = configuration["Lists:IdentityHashKey"];
        if (string.IsNullOrWhiteSpace(identityKey) || identityKey.Length < 32)
        {
            // Without it the representative index could not be searched consistently; refuse to start.
            throw new InvalidOperationException("Lists:IdentityHashKey (at least 32 characters) is not configured: it keys the hash of ID numbers in the representative index.");
        }

        // During a rotation the previous key is kept until the re-hash has moved every index row (docs/deploy.md).
        var previousIdentityKey = configuration["Lists:PreviousIdentityHashKey"];
        services.AddSingleton(new IdentityHasher(
            System.Text.Encoding.UTF8.GetBytes(identityKey),
            string.IsNullOrWhiteSpace(previousIdentityKey) ? null : System.Text.Encoding.UTF8.GetBytes(previousIdentityKey)));
        services.AddCreditSharingProtection(configuration);
        services.AddSingleton<CreditSharingMetrics>();
        services.AddSingleton<RepresentativeRehash>();
        services.AddSingleton<IdentityRekeying>();
        services.AddSingleton<Core.Audit.AuditTrail>();
        return services;
    }
}
