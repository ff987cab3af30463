namespace CreditSharing.Functions.Auth;

/// <summary>The app roles of docs/design.md; in Entra ID they are the app registration's app roles.</summary>
public static class AppRoles
{
    public const string Regulator = "Regulator";
    public const string DataProvider = "DataProvider";
    public const string Bank = "Bank";
    public const string Enterprise = "Enterprise";

    /// <summary>Reads the audit log (issue 23); Regulators cannot.</summary>
    public const string Auditor = "Auditor";

    public static readonly IReadOnlyList<string> All = [Regulator, DataProvider, Bank, Enterprise, Auditor];
}

/// <summary>Claim names the service reads from tokens.</summary>
public static class AppClaims
{
    public const string Roles = "roles";
    public const string Subject = "sub";
    public const string AuthorizedParty = "azp";
    public const string AppId = "appid";
    public const string Uscc = "uscc";
    public const string BankId = "bankId";

    /// <summary>Entra object id of the user (or of the service principal in an app-only token).</summary>
    public const string ObjectId = "oid";

    public const string TenantId = "tid";

    /// <summary>Delegated scopes: present in a user's token, absent from an app-only token.</summary>
    public const string Scope = "scp";

    /// <summary>Optional claim <c>idtyp</c>: <c>app</c> or <c>user</c>.</summary>
    public const string IdentityType = "idtyp";
}
