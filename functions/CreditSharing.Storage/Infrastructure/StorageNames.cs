namespace CreditSharing.Storage.Infrastructure;

/// <summary>Logical queue names; the constants are what the queue triggers bind to.</summary>
public static class QueueNames
{
    public const string EnterpriseRegistrations = "enterprise-registrations";
    public const string CreditRecords = "credit-records";
    public const string GradeRequests = "grade-requests";
    public const string TraceEvents = "trace-events";
    public const string Imports = "imports";
    public const string GradeRecompute = "grade-recompute";

    /// <summary>Webhook events raised by the product (issue 25), fanned out to subscriptions.</summary>
    public const string WebhookEvents = "webhook-events";

    /// <summary>One webhook delivery per message, re-sent with a backoff delay after a failed attempt.</summary>
    public const string WebhookDeliveries = "webhook-deliveries";

    public static readonly IReadOnlyList<string> All = [EnterpriseRegistrations, CreditRecords, GradeRequests, GradeRecompute, TraceEvents, Imports, WebhookEvents, WebhookDeliveries];

    /// <summary>Where the Functions host moves a message after <c>maxDequeueCount</c> failed deliveries.</summary>
    public static string Poison(string queue) => queue + "-poison";
}

/// <summary>Table names; docs/storage.md describes each table's keys and rows.</summary>
public static class TableNames
{
    public const string Enterprises = "Enterprises";
    public const string Records = "Records";
    public const string Grades = "Grades";
    public const string GradeIndex = "GradeIndex";
    public const string ListEntries = "ListEntries";
    public const string PublicLists = "PublicLists";
    public const string Trace = "Trace";
    public const string Authorizations = "Authorizations";
    public const string AccessLog = "AccessLog";

    /// <summary>Loan outcomes banks report: PartitionKey the month of <c>on</c> (yyyy-MM), RowKey <c>{bankId}~{id}</c>.</summary>
    public const string LoanOutcomes = "LoanOutcomes";
    public const string Imports = "Imports";
    public const string Jobs = "Jobs";
    public const string Representatives = "Representatives";
    public const string TraceActors = "TraceActors";

    /// <summary>The downstream index of trace codes: PartitionKey parent code, RowKey child code.</summary>
    public const string TraceLinks = "TraceLinks";
    public const string GradeChanges = "GradeChanges";
    public const string GradeReviews = "GradeReviews";
    public const string Objections = "Objections";

    /// <summary>信用承诺 (Storage/Commitments): PartitionKey = USCC.</summary>
    public const string Commitments = "Commitments";

    public const string Providers = "Providers";

    /// <summary>The bank registry (issue 23).</summary>
    public const string Banks = "Banks";

    /// <summary>Entra object ids bound to enterprises (issue 23).</summary>
    public const string Accounts = "Accounts";

    /// <summary>The append-only audit log (issue 23).</summary>
    public const string Audit = "Audit";
    public const string SearchGrams = "SearchGrams";

    /// <summary>Repair applications (信用修复申请, issue 24).</summary>
    public const string RepairApplications = "RepairApplications";

    /// <summary>The credit report registry (issue 24): one row per issued report, read by report number.</summary>
    public const string Reports = "Reports";

    /// <summary>SAS uploads of import files (issue 25): one row per upload id.</summary>
    public const string Uploads = "Uploads";

    /// <summary>Webhook subscriptions and their delivery attempts (issue 25): PartitionKey = subscription id.</summary>
    public const string Subscriptions = "Subscriptions";

    /// <summary>Index rows that find the subscriptions of an owner and of an event without a scan.</summary>
    public const string SubscriptionIndex = "SubscriptionIndex";

    public static readonly IReadOnlyList<string> All = [Enterprises, Records, Grades, GradeIndex, ListEntries, PublicLists, Representatives, Trace, TraceActors, Authorizations, AccessLog, Imports, Jobs, GradeChanges, GradeReviews, Objections, Providers, TraceLinks, Banks, Accounts, Audit, RepairApplications, Commitments, Reports, SearchGrams, Uploads, Subscriptions, SubscriptionIndex, LoanOutcomes];
}

public static class ContainerNames
{
    public const string Imports = "imports";
    public const string Archive = "archive";
    public const string Published = "published";
    public const string Evidence = "evidence";

    /// <summary>Files clients write directly with a write-only SAS (issue 25); deleted 7 days after their last write (infra lifecycle rule).</summary>
    public const string Uploads = "uploads";

    public static readonly IReadOnlyList<string> All = [Imports, Archive, Published, Evidence, Uploads];
}

/// <summary>
/// Maps logical names to physical ones. The prefix exists so that test classes (and developers
/// sharing one Azurite) each own their data; the deployed function app always runs without one,
/// because its queue triggers bind to the logical names.
/// </summary>
public sealed record StorageNames(string Prefix)
{
    public static StorageNames Unprefixed { get; } = new(string.Empty);

    public string Table(string logical) => Prefix + logical;

    public string Queue(string logical) => Prefix.Length == 0 ? logical : $"{Prefix.ToLowerInvariant()}-{logical}";

    public string Container(string logical) => Prefix.Length == 0 ? logical : $"{Prefix.ToLowerInvariant()}-{logical}";

    /// <summary>A prefix must suit tables (letters and digits, starting with a letter) and queues (lower case).</summary>
    public static StorageNames WithPrefix(string? prefix)
    {
        if (string.IsNullOrEmpty(prefix))
        {
            return Unprefixed;
        }

        if (!char.IsAsciiLetterLower(prefix[0]) || !prefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) || prefix.Length > 20)
        {
            throw new ArgumentException("A storage name prefix is 1–20 lower-case letters and digits, starting with a letter.", nameof(prefix));
        }

        return new StorageNames(prefix);
    }
}
