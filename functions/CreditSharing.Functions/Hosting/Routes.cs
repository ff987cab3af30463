namespace CreditSharing.Functions.Hosting;

/// <summary>
/// Every route, written in full: host.json sets <c>routePrefix</c> to "" so the API lives under
/// <c>/api</c> and public pages can live at the root.
/// </summary>
public static class Routes
{
    public const string Health = "api/health";
    public const string OpenApi = "api/openapi.json";
    public const string Enterprises = "api/enterprises";
    public const string Enterprise = "api/enterprises/{uscc}";
    public const string Records = "api/records";
    public const string EnterpriseRecords = "api/enterprises/{uscc}/records";
    public const string PublicEnterprise = "api/public/enterprises/{uscc}";
    public const string PublicSearch = "api/public/search";
    public const string EnterpriseGrade = "api/enterprises/{uscc}/grade";
    public const string Grades = "api/grades";
    public const string GradeSummary = "api/grades/summary";
    public const string GradeChanges = "api/grades/changes";
    public const string GradeRecompute = "api/grades/recompute";
    public const string GradeRecomputeJob = "api/grades/recompute/{jobId}";
    public const string InspectionPlans = "api/inspections/plans";
    public const string InspectionPlan = "api/inspections/plans/{planId}";
    public const string PublicInspectionPlan = "api/public/inspections/plans/{planId}";
    public const string ListEntries = "api/lists/entries";
    public const string ListEntryRepair = "api/lists/entries/{uscc}/{entryId}/repair";
    public const string ListEntryWithdrawal = "api/lists/entries/{uscc}/{entryId}/withdrawal";
    public const string RecordRepair = "api/enterprises/{uscc}/records/{recordId}/repair";
    public const string RecordWithdrawal = "api/enterprises/{uscc}/records/{recordId}/withdrawal";
    public const string ListPublish = "api/lists/publish";
    public const string LegalRepresentativeSearch = "api/lists/legal-representatives/search";
    public const string PublicList = "api/public/lists/{listType}";
    public const string PublicListLatestCsv = "api/public/lists/{listType}/latest.csv";
    public const string Authorizations = "api/enterprises/{uscc}/authorizations";
    public const string Authorization = "api/enterprises/{uscc}/authorizations/{bankId}";
    public const string AccessLog = "api/enterprises/{uscc}/access-log";
    public const string LoanEligibility = "api/loans/eligibility";
    public const string LoanEligibilityBatch = "api/loans/eligibility/batch";
    public const string LoanOutcomes = "api/loans/outcomes";
    public const string LoanStatistics = "api/loans/statistics";
    public const string TraceCodes = "api/trace/codes";
    public const string TraceCodeEvents = "api/trace/codes/{code}/events";
    public const string TraceEvents = "api/trace/events";
    public const string TraceRecall = "api/trace/codes/{code}/recall";
    public const string TraceDownstream = "api/trace/codes/{code}/downstream";
    public const string TraceAnnulment = "api/trace/codes/{code}/events/{seq}/annulment";
    public const string TraceScan = "api/trace/{code}";
    public const string TraceQr = "api/trace/{code}/qr.png";
    public const string TraceEpcis = "api/trace/{code}/epcis";
    public const string TraceActorCodes = "api/trace/actors/{uscc}/codes";
    public const string ScanPage = "t/{code}";

    /// <summary>The site root: the Functions host cannot route an empty template, so an always-empty optional segment stands for it.</summary>
    public const string HomePage = "{home:maxlength(0)?}";
    public const string EnterprisePage = "e/{uscc}";
    public const string ListsPage = "lists";
    public const string DashboardPage = "dashboard";
    public const string DashboardScript = "assets/dashboard.js";
    public const string MsalScript = "assets/msal-browser.min.js";
    public const string MePage = "me";
    public const string MeScript = "assets/me.js";
    public const string MyEnterprises = "api/me/enterprises";
    public const string EnterpriseObjections = "api/enterprises/{uscc}/objections";
    public const string Imports = "api/imports";
    public const string Import = "api/imports/{importId}";
    public const string ImportUploads = "api/imports/uploads";
    public const string ImportTemplate = "api/imports/templates/{file}";
    public const string Objections = "api/objections";
    public const string Objection = "api/objections/{objectionId}";
    public const string ObjectionDecision = "api/objections/{objectionId}/decision";
    public const string Commitments = "api/commitments";
    public const string Commitment = "api/commitments/{commitmentId}";
    public const string Evidence = "api/evidence";
    public const string RepairApplications = "api/repairs";
    public const string RepairApplication = "api/repairs/{repairId}";
    public const string RepairApplicationDecision = "api/repairs/{repairId}/decision";
    public const string Providers = "api/providers";
    public const string Provider = "api/providers/{providerId}";
    public const string Audit = "api/audit";
    public const string Banks = "api/banks";
    public const string Bank = "api/banks/{bankId}";
    public const string EnterpriseAccounts = "api/enterprises/{uscc}/accounts";
    public const string EnterpriseAccount = "api/enterprises/{uscc}/accounts/{oid}";
    public const string PublicReport = "api/public/enterprises/{uscc}/report.pdf";
    public const string FullReport = "api/enterprises/{uscc}/report.pdf";
    public const string ReportVerification = "api/public/reports/{reportNo}";
    public const string VerifyPage = "verify/{reportNo}";
    public const string Subscriptions = "api/subscriptions";
    public const string Subscription = "api/subscriptions/{subscriptionId}";
    public const string SubscriptionDeliveries = "api/subscriptions/{subscriptionId}/deliveries";
}
