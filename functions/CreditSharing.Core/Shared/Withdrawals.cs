namespace CreditSharing.Core.Shared;

/// <summary>
/// Body of a withdrawal (撤销) of a record or a list entry: the decision was revoked (on 复议 or
/// 诉讼, or by its authority) or was sent by mistake. <c>documentNo</c> names the revoking
/// decision when there is one.
/// </summary>
public sealed record WithdrawalInput(string? Reason, string? DocumentNo)
{
    public const int MaxReasonLength = 2_000;

    public const int MaxDocumentNoLength = 100;

    public FieldErrors Errors()
    {
        var errors = new FieldErrors();
        var reason = string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();
        if (reason is null)
        {
            errors.Add("reason", "reason is required.");
        }
        else if (reason.Length > MaxReasonLength)
        {
            errors.Add("reason", $"reason has at most {MaxReasonLength:N0} characters.");
        }

        PlainText.Check(reason, "reason", errors, multiline: true);
        if (DocumentNo is { } documentNo && documentNo.Trim().Length > MaxDocumentNoLength)
        {
            errors.Add("documentNo", $"documentNo has at most {MaxDocumentNoLength} characters.");
        }

        PlainText.Check(DocumentNo, "documentNo", errors);
        return errors;
    }
}

/// <summary>A withdrawal as kept with what it withdrew: it leaves every public and computed view, and stays in history.</summary>
public sealed record Withdrawal(DateTimeOffset At, string By, string Reason, string? DocumentNo);
