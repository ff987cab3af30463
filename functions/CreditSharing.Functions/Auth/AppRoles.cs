namespace CreditSharing.Functions.Auth;

/// <summary>The app roles of docs/design.md; in Entra ID they are the app registration's app roles.</summary>
public static class AppRoles
{
    public const string Regulator = "Regulator";
    public const string DataProvider = "DataProvider";
    public const string Bank = "Bank";
    public const string Enterprise = "Enterprise";

    public static readonly IReadOnlyList<string> All = [Regulator, DataProvider, Bank, Enterprise];
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
}
