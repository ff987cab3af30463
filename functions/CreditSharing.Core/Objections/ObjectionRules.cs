namespace CreditSharing.Core.Objections;

/// <summary>Rules file section <c>objections</c>: how long a provider has to decide an objection (异议处理时限), in working days.</summary>
public sealed record ObjectionRules(int DueWorkingDays, string? Source = null);
