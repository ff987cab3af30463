using CreditSharing.Functions.Auth;

namespace CreditSharing.Integration.Tests.Auth;

/// <summary>
/// The kinds of caller the access matrix sends. The route values always name one seeded enterprise
/// (the subject); "own" and "other" are relative to it, and so is a bank's consent.
/// </summary>
public enum CallerKind
{
    /// <summary>No Authorization header at all.</summary>
    Anonymous,

    Regulator,

    /// <summary>A department; the same provider id that uploaded the seeded import.</summary>
    DataProvider,

    /// <summary>Role Enterprise with the subject's USCC in its <c>uscc</c> claim.</summary>
    EnterpriseOwn,

    /// <summary>Role Enterprise with another (registered) enterprise's USCC.</summary>
    EnterpriseOther,

    /// <summary>Role Bank whose <c>bankId</c> the subject has authorised.</summary>
    BankWithConsent,

    /// <summary>Role Bank whose <c>bankId</c> the subject never authorised.</summary>
    BankWithoutConsent,

    /// <summary>Role Auditor only: reads the audit log and nothing a role guards.</summary>
    Auditor,
}

/// <summary>
/// What a cell expects. <see cref="Allowed"/> is any answer but 401 and 403: the probe's data may
/// still earn a 400 or 404, which says nothing about access.
/// </summary>
public enum Access
{
    Allowed,
    Unauthorized,
    Forbidden,
}

/// <summary>One HTTP function and the answer each kind of caller gets.</summary>
public sealed record AccessRow(
    string Function,
    Access Anonymous,
    Access Regulator,
    Access DataProvider,
    Access EnterpriseOwn,
    Access EnterpriseOther,
    Access BankWithConsent,
    Access BankWithoutConsent,
    Access Auditor)
{
    public Access For(CallerKind caller) => caller switch
    {
        CallerKind.Anonymous => Anonymous,
        CallerKind.Regulator => Regulator,
        CallerKind.DataProvider => DataProvider,
        CallerKind.EnterpriseOwn => EnterpriseOwn,
        CallerKind.EnterpriseOther => EnterpriseOther,
        CallerKind.BankWithConsent => BankWithConsent,
        CallerKind.BankWithoutConsent => BankWithoutConsent,
        CallerKind.Auditor => Auditor,
        _ => throw new ArgumentOutOfRangeException(nameof(caller), caller, "Unknown caller kind."),
    };
}

/// <summary>
/// Who may call what: the one declared table that <see cref="AccessMatrixTests"/> checks the product
/// against, cell by cell, through the DevHost. It is written from the roles and the route table of
/// docs/api.md, not read from the attributes, so a changed attribute shows up as a failing cell.
/// Every HTTP function needs a row: a new endpoint fails the matrix until it is declared here.
/// </summary>
public static class AccessMatrix
{
    /// <summary>The roles each caller kind's token carries; together they must cover <see cref="AppRoles.All"/>.</summary>
    public static IReadOnlyDictionary<CallerKind, string[]> RolesOf { get; } = new Dictionary<CallerKind, string[]>
    {
        [CallerKind.Anonymous] = [],
        [CallerKind.Regulator] = [AppRoles.Regulator],
        [CallerKind.DataProvider] = [AppRoles.DataProvider],
        [CallerKind.EnterpriseOwn] = [AppRoles.Enterprise],
        [CallerKind.EnterpriseOther] = [AppRoles.Enterprise],
        [CallerKind.BankWithConsent] = [AppRoles.Bank],
        [CallerKind.BankWithoutConsent] = [AppRoles.Bank],
        [CallerKind.Auditor] = [AppRoles.Auditor],
    };

    private const Access A = Access.Allowed;
    private const Access U = Access.Unauthorized;
    private const Access F = Access.Forbidden;

    public static IReadOnlyList<AccessRow> Rows { get; } =
    [
        // Columns: anonymous, Regulator, DataProvider, Enterprise (own USCC), Enterprise (other USCC),
        // Bank with the subject's consent, Bank without it, Auditor.
        //                                          anon reg  dp   own  othr bank nobank aud

        // Public: health, the API description, 信用驻马店 公示 pages, 红黑榜, 一公开 plans, consumer scans.
        new("GetHealth",                            A,   A,   A,   A,   A,   A,   A,   A),
        new("GetOpenApiDocument",                   A,   A,   A,   A,   A,   A,   A,   A),
        new("GetPublicEnterprise",                  A,   A,   A,   A,   A,   A,   A,   A),
        new("SearchEnterprises",                    A,   A,   A,   A,   A,   A,   A,   A),
        new("GetPublicInspectionPlan",              A,   A,   A,   A,   A,   A,   A,   A),
        new("GetPublicList",                        A,   A,   A,   A,   A,   A,   A,   A),
        new("GetPublicListCsv",                     A,   A,   A,   A,   A,   A,   A,   A),
        new("ScanTraceCode",                        A,   A,   A,   A,   A,   A,   A,   A),
        new("ScanTracePage",                        A,   A,   A,   A,   A,   A,   A,   A),
        new("GetTraceQr",                           A,   A,   A,   A,   A,   A,   A,   A),
        new("GetTraceEpcis",                        A,   A,   A,   A,   A,   A,   A,   A),
        new("HomePage",                             A,   A,   A,   A,   A,   A,   A,   A),
        new("EnterprisePage",                       A,   A,   A,   A,   A,   A,   A,   A),
        new("ListsPage",                            A,   A,   A,   A,   A,   A,   A,   A),

        // 信用报告: the public report and its verification are anyone's; the full report is the
        // enterprise's own, a regulator's, or a bank's under the enterprise's consent (docs/reports.md).
        new("GetPublicReport",                      A,   A,   A,   A,   A,   A,   A,   A),
        new("GetReportVerification",                A,   A,   A,   A,   A,   A,   A,   A),
        new("VerifyReportPage",                     A,   A,   A,   A,   A,   A,   A,   A),
        new("GetFullReport",                        U,   A,   F,   A,   F,   A,   F,   F),

        // The dashboard's shell and script are public; its data comes from the regulator's APIs below.
        new("DashboardPage",                        A,   A,   A,   A,   A,   A,   A,   A),
        new("DashboardScript",                      A,   A,   A,   A,   A,   A,   A,   A),
        new("MsalScript",                           A,   A,   A,   A,   A,   A,   A,   A),
        new("MePage",                               A,   A,   A,   A,   A,   A,   A,   A),
        new("MeScript",                             A,   A,   A,   A,   A,   A,   A,   A),

        // Enterprise profiles: departments register them; only a regulator reads the full profile.
        new("PutEnterprise",                        U,   A,   A,   F,   F,   F,   F,   F),
        new("SubmitEnterprises",                    U,   A,   A,   F,   F,   F,   F,   F),
        new("GetEnterprise",                        U,   A,   F,   F,   F,   F,   F,   F),

        // Credit records and bulk files: departments push; a regulator reads all, a department its own.
        new("SubmitRecords",                        U,   F,   A,   F,   F,   F,   F,   F),
        new("StartImport",                          U,   F,   A,   F,   F,   F,   F,   F),
        new("GetImport",                            U,   A,   A,   F,   F,   F,   F,   F),
        new("CreateImportUpload",                   U,   F,   A,   F,   F,   F,   F,   F),
        new("GetImportTemplate",                    U,   A,   A,   F,   F,   F,   F,   F),
        // The enterprise itself reads every tier of its own records (issue 24); another enterprise is refused.
        new("ListEnterpriseRecords",                U,   A,   A,   A,   F,   F,   F,   F),
        // Repair and withdrawal: the record's provider or a regulator (谁认定、谁修复); another
        // provider passes the role check and is refused by the service (403, RecordRepairTests).
        new("RepairRecord",                         U,   A,   A,   F,   F,   F,   F,   F),
        new("WithdrawRecord",                       U,   A,   A,   F,   F,   F,   F,   F),

        // Grades and supervision: the regulator's; an enterprise may read its own grade.
        new("GetEnterpriseGrade",                   U,   A,   F,   A,   F,   F,   F,   F),
        new("ListGrades",                           U,   A,   F,   F,   F,   F,   F,   F),
        new("GetGradeSummary",                      U,   A,   F,   F,   F,   F,   F,   F),
        new("ListGradeChanges",                     U,   A,   F,   F,   F,   F,   F,   F),
        new("StartGradeRecompute",                  U,   A,   F,   F,   F,   F,   F,   F),
        new("GetGradeRecompute",                    U,   A,   F,   F,   F,   F,   F,   F),
        new("CreateInspectionPlan",                 U,   A,   F,   F,   F,   F,   F,   F),
        new("GetInspectionPlan",                    U,   A,   F,   F,   F,   F,   F,   F),

        // Lists: departments and regulators send decisions; the deciding department or a regulator
        // repairs and withdraws them; reads and publication are the regulator's.
        new("CreateListEntry",                      U,   A,   A,   F,   F,   F,   F,   F),
        new("RepairListEntry",                      U,   A,   A,   F,   F,   F,   F,   F),
        new("WithdrawListEntry",                    U,   A,   A,   F,   F,   F,   F,   F),
        new("GetListEntries",                       U,   A,   F,   F,   F,   F,   F,   F),
        new("FindByLegalRepresentative",            U,   A,   F,   F,   F,   F,   F,   F),
        new("PublishLists",                         U,   A,   F,   F,   F,   F,   F,   F),

        // 信易贷: the enterprise itself grants and revokes; a bank checks only under consent.
        new("GrantConsent",                         U,   F,   F,   A,   F,   F,   F,   F),
        new("RevokeConsent",                        U,   F,   F,   A,   F,   F,   F,   F),
        new("ListConsents",                         U,   A,   F,   A,   F,   F,   F,   F),
        new("GetAccessLog",                         U,   A,   F,   A,   F,   F,   F,   F),
        new("CheckLoanEligibility",                 U,   F,   F,   F,   F,   A,   F,   F),
        // A batch answers a bank without consent per item (no-consent), so the call itself is allowed.
        new("CheckLoanEligibilityBatch",            U,   F,   F,   F,   F,   A,   A,   F),
        new("ReportLoanOutcome",                    U,   F,   F,   F,   F,   A,   F,   F),
        new("GetLoanStatistics",                    U,   A,   F,   F,   F,   F,   F,   F),

        // Traceability: an enterprise records its own products, and events on codes it holds (custody),
        // a department or a regulator anyone's; recall by a regulator or the producer (the subject);
        // annulment by a regulator or the event's actor (the subject recorded the annul code's event 1);
        // trace-forward is the regulator's.
        new("CreateTraceCode",                      U,   F,   A,   A,   F,   F,   F,   F),
        new("AddTraceEvent",                        U,   A,   A,   A,   F,   F,   F,   F),
        new("SubmitTraceEvents",                    U,   A,   A,   A,   F,   F,   F,   F),
        new("RecallTraceCode",                      U,   A,   F,   A,   F,   F,   F,   F),
        new("AnnulTraceEvent",                      U,   A,   F,   A,   F,   F,   F,   F),
        new("GetActorTraceCodes",                   U,   A,   F,   F,   F,   F,   F,   F),
        // 去向可查: the code's producer (the subject), a department, a regulator.
        new("GetTraceDownstream",                   U,   A,   A,   A,   F,   F,   F,   F),

        // 异议: the enterprise itself or a Regulator files; the target's provider or a Regulator decides
        // (the matrix's DataProvider provided the seeded objection's record); evidence by those who file.
        new("FileObjection",                        U,   A,   F,   A,   F,   F,   F,   F),
        new("GetObjection",                         U,   A,   A,   A,   F,   F,   F,   F),
        new("ListObjections",                       U,   A,   A,   F,   F,   F,   F,   F),
        new("ListEnterpriseObjections",             U,   A,   F,   A,   F,   F,   F,   F),
        new("DecideObjection",                      U,   A,   A,   F,   F,   F,   F,   F),
        new("UploadEvidence",                       U,   A,   F,   A,   A,   F,   F,   F),
        // 信用修复申请 (issue 24): the enterprise itself or a Regulator applies; the target's provider or a
        // Regulator decides. The probe id names no application, so reading it is a 404 (allowed) for every
        // role that may read applications; another enterprise's 403 is in RepairApplicationFunctionsTests.
        new("SubmitRepairApplication",              U,   A,   F,   A,   F,   F,   F,   F),
        new("ListRepairApplications",               U,   A,   A,   A,   F,   F,   F,   F),
        new("GetRepairApplication",                 U,   A,   A,   A,   A,   F,   F,   F),
        new("DecideRepairApplication",              U,   A,   A,   F,   F,   F,   F,   F),
        // 信用承诺: the enterprise itself or a Regulator files and reads (the probe id names the matrix's subject).
        new("FileCommitment",                       U,   A,   F,   A,   F,   F,   F,   F),
        new("ListCommitments",                      U,   A,   F,   A,   F,   F,   F,   F),
        new("GetCommitment",                        U,   A,   F,   A,   F,   F,   F,   F),
        // The provider registry: regulators keep it; a department reads its own entry (the route names the matrix's provider).
        new("PutProvider",                          U,   A,   F,   F,   F,   F,   F,   F),
        new("GetProvider",                          U,   A,   A,   F,   F,   F,   F,   F),
        new("ListProviders",                        U,   A,   F,   F,   F,   F,   F,   F),
        // The audit log: the Auditor's alone; a Regulator, whose reads it records, cannot read it.
        new("GetAuditLog",                          U,   F,   F,   F,   F,   F,   F,   A),
        // The bank registry (docs/identity.md): regulators keep and read it.
        new("PutBank",                              U,   A,   F,   F,   F,   F,   F,   F),
        new("GetBank",                              U,   A,   F,   F,   F,   F,   F,   F),
        new("ListBanks",                            U,   A,   F,   F,   F,   F,   F,   F),
        // Enterprise accounts: a regulator or the registration authority (the matrix's provider has profiles: true)
        // binds, unbinds and lists them; a provider without profiles passes the role check and is refused by the service.
        new("BindAccount",                          U,   A,   A,   F,   F,   F,   F,   F),
        new("UnbindAccount",                        U,   A,   A,   F,   F,   F,   F,   F),
        new("ListAccounts",                         U,   A,   A,   F,   F,   F,   F,   F),
        new("GetMyEnterprises",                     U,   F,   F,   A,   A,   F,   F,   F),
        // Webhooks (docs/webhooks.md): banks and providers keep their own subscriptions; the probe id is
        // nobody's, so a permitted caller gets 404 (another owner's subscription is 404 in WebhookFunctionsTests).
        new("CreateSubscription",                   U,   F,   A,   F,   F,   A,   A,   F),
        new("ListSubscriptions",                    U,   F,   A,   F,   F,   A,   A,   F),
        new("ListSubscriptionDeliveries",           U,   F,   A,   F,   F,   A,   A,   F),
        new("DeleteSubscription",                   U,   F,   A,   F,   F,   A,   A,   F),
    ];

    public static AccessRow? Find(string function) => Rows.SingleOrDefault(r => r.Function == function);
}
